import { createHash, createHmac } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Db, Engine } from '../db/database.js';
import type { DbOrTrx } from '../db/scope.js';
import type { AuditEvent, Database } from '../db/tables.js';
import { newId, nowIso } from '../db/values.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  organisationId: string | null;
  actorUserId: string | null;
  action: string;
  entityType?: string | null;
  entityId?: string | null;
  outcome?: 'success' | 'denied' | 'failure';
  /** Client address; only a keyed digest of it is stored. */
  source?: string | null;
  requestId?: string | null;
  /** Ids, codes and field names only. Never free text about a person. */
  details?: Record<string, unknown>;
}

export interface AuditContext {
  engine: Engine;
  secretKey: string;
  clock?: () => number;
}

type Row = Omit<AuditEvent, 'hash'>;

/** The fields that are hashed, in a fixed order: changing any of them breaks the chain. */
export function hashAuditRow(row: Row): string {
  const canonical = JSON.stringify([
    Number(row.seq), row.id, row.at, row.organisation_id, row.actor_user_id, row.action, row.entity_type,
    row.entity_id, row.outcome, row.source_digest, row.request_id, row.details, row.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

export function sourceDigest(secretKey: string, source: string | null | undefined): string | null {
  if (!source) return null;
  return createHmac('sha256', secretKey).update(`source:${source}`).digest('hex').slice(0, 32);
}

async function append(trx: Transaction<Database>, ctx: AuditContext, input: AuditInput): Promise<AuditEvent> {
  if (ctx.engine === 'postgres') {
    // One writer at a time extends the chain, across every instance on this database.
    await sql`select pg_advisory_xact_lock(7243001)`.execute(trx);
  }
  const last = await trx
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const row: Row = {
    seq: Number(last?.seq ?? 0) + 1,
    id: newId(),
    at: nowIso(ctx.clock),
    organisation_id: input.organisationId,
    actor_user_id: input.actorUserId,
    action: input.action,
    entity_type: input.entityType ?? null,
    entity_id: input.entityId ?? null,
    outcome: input.outcome ?? 'success',
    source_digest: sourceDigest(ctx.secretKey, input.source),
    request_id: input.requestId ?? null,
    details: JSON.stringify(input.details ?? {}),
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const event = { ...row, hash: hashAuditRow(row) };
  await trx.insertInto('audit_events').values(event).execute();
  return event;
}

/**
 * Appends an audit event. Pass the transaction that makes the change, so the change
 * and its audit row commit together or not at all; given the plain database, it opens
 * a transaction of its own (for sign-in attempts and refused access).
 */
export async function recordAudit(db: DbOrTrx, ctx: AuditContext, input: AuditInput): Promise<AuditEvent> {
  if (db.isTransaction) return append(db as Transaction<Database>, ctx, input);
  return (db as Db).transaction().execute((trx) => append(trx, ctx, input));
}

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; brokenAt: number; reason: string };

/** Walks the whole chain in order; reports the first sequence number that does not fit. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<VerifyResult> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq', 'asc')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return { ok: true, count };
    for (const raw of rows) {
      const row = { ...raw, seq: Number(raw.seq) };
      if (row.seq !== expectedSeq) {
        return { ok: false, count, brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing` };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, count, brokenAt: row.seq, reason: `event ${row.seq} does not follow the event before it` };
      }
      if (hashAuditRow(row) !== row.hash) {
        return { ok: false, count, brokenAt: row.seq, reason: `event ${row.seq} has been altered` };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
  }
}
