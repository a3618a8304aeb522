import { Command, CommandHandler } from '@nestjs/cqrs';
import {
  DomainError,
  requireUsername,
  userDecider,
  usernameStream,
  userStream,
  type GrantableRole,
  type UserCommand,
} from '@sg/domain';
import { ConcurrencyError } from '@sg/event-store';
import type { CommandContext, CommandResult } from '../pipeline/command-context';
import { deterministicEventId } from '../pipeline/deterministic-id';
import { commandOn, targetsOf } from '../pipeline/command-on';
import { newEntityId } from '../pipeline/new-entity-id';
import { OnEventStore } from '../pipeline/on-event-store';

export class RegisterUser extends Command<CommandResult> {
  constructor(
    readonly input: { username: string; displayName: string },
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Any change to an existing user: grants, revocations, disabling, password changes. */
export class ChangeUser extends Command<CommandResult> {
  constructor(
    readonly userId: string,
    readonly change:
      | { type: 'GrantRole' | 'RevokeRole'; role: GrantableRole; scope: string }
      | { type: 'DisableUser' | 'EnableUser' }
      | { type: 'RecordPasswordChange'; by: 'self' | 'administrator' },
    readonly context: CommandContext,
  ) {
    super();
  }
}

const user = targetsOf(userStream, userDecider);

@CommandHandler(RegisterUser)
export class RegisterUserHandler extends OnEventStore<RegisterUser> {
  async execute({ input, context }: RegisterUser): Promise<CommandResult> {
    const username = requireUsername(input.username);
    const userId = newEntityId(context, 'user');
    // Usernames are unique across users: the name's own stream can be created only once.
    try {
      await this.store.append(
        usernameStream(username),
        [
          {
            id: context.idempotencyKey
              ? deterministicEventId(context.idempotencyKey, usernameStream(username), 0)
              : undefined,
            type: 'UsernameReserved',
            data: { username, userId },
            metadata: {
              actor: context.actor,
              time: context.now.toISOString(),
              correlationId: context.correlationId,
              ...(context.reason ? { reason: context.reason } : {}),
            },
          },
        ],
        'no-stream',
      );
    } catch (error) {
      if (error instanceof ConcurrencyError) {
        throw new DomainError('conflict', 'username-taken', `用户名「${username}」已被使用。`, { username });
      }
      throw error;
    }
    return commandOn(
      this.store,
      user(userId),
      { type: 'RegisterUser', data: { userId, username, displayName: input.displayName } },
      context,
    );
  }
}

@CommandHandler(ChangeUser)
export class ChangeUserHandler extends OnEventStore<ChangeUser> {
  async execute({ userId, change, context }: ChangeUser): Promise<CommandResult> {
    const { type, ...rest } = change;
    const command = { type, data: { userId, ...rest } } as UserCommand;
    return commandOn(this.store, user(userId), command, context);
  }
}
