import { sql, type Kysely } from 'kysely';
import type { Engine } from '../database.js';

/**
 * Each person's latest contact (its arrival time) kept on the person, so a search reads it
 * with the person instead of looking up every result's contacts (bench/README.md). It is
 * kept by triggers on contacts, in the same transaction as the change, however a contact is
 * written: recorded, edited (its person or arrival time), moved by a merge or its undo, or
 * removed. It is derived data: the person's `version` and `updated_at` do not change.
 */
export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema.alterTable('people').addColumn('last_contact_at', 'text').execute();
  await sql`update people set last_contact_at = (
      select max(c.arrived_at) from contacts c where c.organisation_id = people.organisation_id and c.person_id = people.id)
    where exists (select 1 from contacts c where c.organisation_id = people.organisation_id and c.person_id = people.id)`.execute(db);

  if (engine === 'postgres') {
    await sql`create function people_last_contact() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          if new.person_id is not null then
            update people set last_contact_at = new.arrived_at
              where id = new.person_id and (last_contact_at is null or last_contact_at < new.arrived_at);
          end if;
        elsif tg_op = 'UPDATE' then
          update people p set last_contact_at = (
              select max(c.arrived_at) from contacts c where c.organisation_id = p.organisation_id and c.person_id = p.id)
            where p.id in (old.person_id, new.person_id);
        else
          update people p set last_contact_at = (
              select max(c.arrived_at) from contacts c where c.organisation_id = p.organisation_id and c.person_id = p.id)
            where p.id = old.person_id;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger contacts_last_contact_insert after insert on contacts
      for each row execute function people_last_contact()`.execute(db);
    await sql`create trigger contacts_last_contact_change after update of person_id, arrived_at or delete on contacts
      for each row execute function people_last_contact()`.execute(db);
  } else {
    await sql`create trigger contacts_last_contact_insert after insert on contacts when new.person_id is not null
      begin
        update people set last_contact_at = new.arrived_at
          where id = new.person_id and (last_contact_at is null or last_contact_at < new.arrived_at);
      end`.execute(db);
    await sql`create trigger contacts_last_contact_update after update of person_id, arrived_at on contacts
      begin
        update people set last_contact_at = (
            select max(c.arrived_at) from contacts c where c.organisation_id = people.organisation_id and c.person_id = people.id)
          where id in (old.person_id, new.person_id);
      end`.execute(db);
    await sql`create trigger contacts_last_contact_delete after delete on contacts when old.person_id is not null
      begin
        update people set last_contact_at = (
            select max(c.arrived_at) from contacts c where c.organisation_id = people.organisation_id and c.person_id = people.id)
          where id = old.person_id;
      end`.execute(db);
  }
}
