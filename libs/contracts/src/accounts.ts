/* Who is signed in, the people the office manages, and what a command answers. */

export interface RoleGrant {
  role: string;
  scope: string;
}

export interface Me {
  userId: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  /** Signed in with a password someone else chose: the API allows nothing but changing it. */
  mustChangePassword?: boolean;
}

export interface UserView {
  userId: string;
  username: string;
  displayName: string;
  roles: RoleGrant[];
  disabled?: boolean;
}

export interface CommandResult {
  id: string;
  [key: string]: unknown;
}

/** One page of a longer list: `total` counts every item the filters match. */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
