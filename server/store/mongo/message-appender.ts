import { randomUUID } from 'node:crypto';
import type { RoomId } from '../../../protocol/wire.js';
import type { AppendResult, NewMessage } from '../types.js';
import { isDuplicateKey, toMessage } from './mappers.js';
import type { MessageDoc, Models } from './models.js';
import { PendingWork } from '../../pending-work.js';

/** Raises a room's revision and returns it; throws when the room does not exist. */
export async function nextRev(m: Models, room: RoomId): Promise<number> {
  const doc = await m.Room.findOneAndUpdate(
    { _id: room },
    { $inc: { lastRev: 1 } },
    { returnDocument: 'after', projection: { lastRev: 1 } },
  ).lean();
  if (!doc) throw new Error(`room ${room} does not exist`);
  return doc.lastRev;
}

/** Attempts at a free seq before an append gives up (only other processes can take one). */
const MAX_SEQ_ATTEMPTS = 20;

/**
 * MongoStore's message appends. Seq allocation needs no transaction: a message
 * takes `max(seq) + 1` of its room and the unique index on `(room, seq)` rejects
 * a seq another writer took first, so a seq exists only once a message holds it
 * and the sequence stays gap-free, even across a crash. Within this process the
 * appends of one room run one at a time, so retries of one clientId never race
 * here; across processes the unique indexes settle it.
 */
export class MessageAppender {
  private readonly tails = new Map<RoomId, Promise<unknown>>();
  private readonly inFlight = new PendingWork();
  private closed = false;

  constructor(private readonly m: Models) {}

  /** Queues the append behind the room's earlier ones; rejects once the store is closing. */
  append(input: NewMessage): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the store is closed'));
    const previous = this.tails.get(input.room) ?? Promise.resolve();
    const result = previous.then(() => this.appendOne(input));
    const tail = result.catch(() => undefined);
    this.tails.set(input.room, tail);
    void this.inFlight.add(tail).then(() => {
      if (this.tails.get(input.room) === tail) this.tails.delete(input.room);
    });
    return result;
  }

  /**
   * Idempotency first: a retried (room, sender, clientId) returns the stored
   * original. Otherwise the message takes the room's next seq; a duplicate-key
   * error means another process took that seq (try the next one) or stored the
   * same clientId first (return its message). Nothing is reserved before the
   * insert, so neither a lost race nor a crash can leave a hole in the seqs.
   * The room's `lastSeq` and the sender's read marker are raised with `$max`
   * after the insert; a retry repeats them (they are idempotent), and when the
   * room had not been raised to the message yet, the earlier attempt never
   * finished: the message is answered `created: true` so it is broadcast now.
   */
  private async appendOne(input: NewMessage): Promise<AppendResult> {
    const original = await this.findByClientId(input);
    if (original) {
      const finishedBefore = await this.finish(original);
      return { message: toMessage(original), created: !finishedBefore };
    }
    // The rev is taken before the insert: a lost race wastes one, and revs need no gaps kept.
    const rev = await nextRev(this.m, input.room);
    const doc: MessageDoc = {
      _id: randomUUID(),
      room: input.room,
      seq: 0,
      clientId: input.clientId,
      sender: { id: input.sender.id, name: input.sender.name, kind: input.sender.kind ?? 'user' },
      text: input.text,
      cashtags: [...input.cashtags],
      mentions: [...(input.mentions ?? [])],
      reactions: [],
      ...(input.replyTo ? { replyTo: input.replyTo } : {}),
      createdAt: input.createdAt,
      rev,
    };
    for (let attempt = 1; ; attempt++) {
      doc.seq = (await this.maxSeq(input.room)) + 1;
      try {
        await this.m.Message.insertOne(doc);
        break;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        const winner = await this.findByClientId(input);
        if (winner) return { message: toMessage(winner), created: false };
        if (attempt >= MAX_SEQ_ATTEMPTS) throw err;
      }
    }
    await this.finish(doc);
    return { message: toMessage(doc), created: true };
  }

  /**
   * Raises the room's `lastSeq` and the sender's read marker to a stored message
   * (idempotent); true when the room already had it, i.e. an earlier append finished.
   */
  private async finish(doc: MessageDoc): Promise<boolean> {
    const before = await this.m.Room.findOneAndUpdate(
      { _id: doc.room },
      { $max: { lastSeq: doc.seq, lastActivity: doc.createdAt, activityAt: doc.createdAt } },
      { returnDocument: 'before', projection: { lastSeq: 1 } },
    ).lean();
    // A user has read what they sent; a bot's message is not its namesake user's to have read.
    if ((doc.sender.kind ?? 'user') === 'user')
      await this.m.Member.updateOne(
        { room: doc.room, user: doc.sender.id },
        { $max: { readSeq: doc.seq } },
      );
    return (before?.lastSeq ?? 0) >= doc.seq;
  }

  private findByClientId(input: NewMessage): Promise<MessageDoc | null> {
    return this.m.Message.findOne({
      room: input.room,
      'sender.id': input.sender.id,
      clientId: input.clientId,
    }).lean();
  }

  private async maxSeq(room: RoomId): Promise<number> {
    const newest = await this.m.Message.findOne({ room }, { seq: 1 }).sort({ seq: -1 }).lean();
    return newest?.seq ?? 0;
  }

  /** Refuses new appends and resolves once every accepted one has finished. */
  async close(): Promise<void> {
    this.closed = true;
    await this.inFlight.idle();
  }
}
