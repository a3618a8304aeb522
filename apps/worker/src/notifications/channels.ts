import { createHmac } from 'node:crypto';
import type { AppConfig } from '@sg/config';
import type { ChannelAvailability } from '@sg/application';
import type { DeliveryChannel } from '@sg/contracts';
import type { NotificationPreferences } from '@sg/domain';
import type { Message } from '@sg/read-models';
import { createTransport, type Transporter } from 'nodemailer';

/** One message to send over one channel, with what the recipients' preferences say about them. */
export interface Outgoing {
  deliveryId: string;
  message: Message;
  /** For email: the one recipient. For a group robot: everyone to @mention. */
  recipients: { userId: string; displayName: string; preferences: NotificationPreferences }[];
}

/** A delivery the outside server refused; its text says why, for the failed list. */
export class DeliveryError extends Error {}

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The outside channels: SMTP (nodemailer) and the WeCom / DingTalk group robots (their webhook
 * JSON formats). Each send either resolves — the server accepted it — or throws.
 */
export class Channels {
  private readonly mail: Transporter | undefined;

  constructor(private readonly config: AppConfig['notifications']) {
    this.mail = config.smtp ? createTransport(config.smtp.url) : undefined;
  }

  get available(): ChannelAvailability {
    return {
      email: this.mail !== undefined,
      wecom: this.config.wecomWebhookUrl !== undefined,
      dingtalk: this.config.dingtalk !== undefined,
    };
  }

  send(channel: DeliveryChannel, outgoing: Outgoing): Promise<void> {
    switch (channel) {
      case 'email':
        return this.email(outgoing);
      case 'wecom':
        return this.wecom(outgoing);
      case 'dingtalk':
        return this.dingtalk(outgoing);
    }
  }

  close(): void {
    this.mail?.close();
  }

  private link(message: Message): string {
    return message.link ? `${this.config.publicUrl}${message.link}` : this.config.publicUrl;
  }

  private async email({ deliveryId, message, recipients }: Outgoing): Promise<void> {
    const [to] = recipients;
    if (!this.mail || !to?.preferences.emailAddress)
      throw new DeliveryError('没有可用的邮件服务器或收件地址');
    await this.mail.sendMail({
      from: this.config.smtp!.from,
      to: { name: to.displayName, address: to.preferences.emailAddress },
      subject: `【双高计划】${message.title}`,
      text: `${to.displayName}，您好：\n\n${message.body}\n\n查看详情：${this.link(message)}\n\n——双高计划建设管理平台（此邮件由系统自动发送，请勿直接回复）\n`,
      // The same delivery always carries the same Message-ID, so a copy sent twice reads as one.
      messageId: `<${deliveryId}@shuanggao.platform>`,
      headers: { 'X-SG-Delivery': deliveryId },
    });
  }

  private groupText(message: Message): string {
    return `【双高计划】${message.title}\n${message.body}\n详情：${this.link(message)}`;
  }

  private async wecom({ message, recipients }: Outgoing): Promise<void> {
    const mobiles = recipients
      .filter((r) => r.preferences.wecom && !r.preferences.digest && r.preferences.mobile)
      .map((r) => r.preferences.mobile!);
    await postRobot(this.config.wecomWebhookUrl!, {
      msgtype: 'text',
      text: { content: this.groupText(message), mentioned_mobile_list: mobiles },
    });
  }

  private async dingtalk({ message, recipients }: Outgoing): Promise<void> {
    const { webhookUrl, secret } = this.config.dingtalk!;
    const mobiles = recipients
      .filter((r) => r.preferences.dingtalk && !r.preferences.digest && r.preferences.mobile)
      .map((r) => r.preferences.mobile!);
    const url = new URL(webhookUrl);
    if (secret) {
      // 加签: HMAC-SHA256 of "timestamp\nsecret", Base64, as DingTalk's robot security setting asks.
      const timestamp = String(Date.now());
      url.searchParams.set('timestamp', timestamp);
      url.searchParams.set(
        'sign',
        createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'),
      );
    }
    const mentions = mobiles.map((m) => `@${m}`).join(' ');
    await postRobot(url.toString(), {
      msgtype: 'text',
      text: { content: mentions ? `${this.groupText(message)}\n${mentions}` : this.groupText(message) },
      at: { atMobiles: mobiles, isAtAll: false },
    });
  }
}

/** Both robots answer HTTP 200 with `{ errcode, errmsg }`; anything else is a failure. */
async function postRobot(url: string, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) throw new DeliveryError(`机器人接口返回 HTTP ${response.status}：${text.slice(0, 200)}`);
  let answer: { errcode?: number; errmsg?: string };
  try {
    answer = JSON.parse(text) as typeof answer;
  } catch {
    throw new DeliveryError(`机器人接口的应答不是 JSON：${text.slice(0, 200)}`);
  }
  if (answer.errcode !== 0)
    throw new DeliveryError(`机器人接口拒绝：errcode ${answer.errcode}，${answer.errmsg ?? ''}`);
}
