import type { z } from 'zod';
import type { ApiScope } from '../store/types.js';

/** `moderator`/`mod-read`: a user token with a moderation role, or an API key with `moderate`. */
export type Auth = 'user' | 'admin' | 'viewer' | 'moderator' | 'mod-read' | 'none' | ApiScope;

export interface RouteDoc {
  summary: string;
  auth: Auth;
  body?: z.ZodType;
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** Success status; 200 unless given. */
  status?: number;
}
