// What moderation announces goes through the domain's one port (`EventPublisher`
// in ../events.ts): `message.updated`, `room.updated` and `user.banned`.

/** The audit log writer: records without making the caller wait, and logs a failure. */
export type AuditWriter = (entry: {
  actor: string;
  action: string;
  target: string;
  reason: string;
}) => Promise<void>;
