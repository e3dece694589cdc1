-- The waiting list's writes: sign-ups (a group commit), offers, their lapse, taking one, leaving,
-- confirming a guest's address, and the fairness state the offer engine keeps. One text per
-- function (Flyway re-applies this file whenever it changes; the tables are in V10__waitlist.sql).
-- Times come from the callers ("at", "now"), i.e. from the server's injectable clock. Java speaks to
-- these through io.guichet.waitlist.WaitlistStore only.

-- A group commit of sign-ups: one statement, one transaction, one answer row per sign-up (n, its
-- 1-based position in the arrays): the new entry's id, or the buyer's live entry that was already
-- there (existing, with its status). Categories are comma-joined codes (codes have no commas). A
-- guest's entry is UNCONFIRMED and its confirmation e-mail is written with it.
create or replace function guichet_waitlist_sign_up(
    ids uuid[], performances uuid[], poss uuid[], channels uuid[], customers uuid[],
    buyer_keys text[], emails text[], first_names text[], last_names text[], languages text[],
    quantities integer[], category_lists text[], togethers boolean[], statuses text[],
    signed_at timestamptz)
returns table(n bigint, entry_id uuid, existing_id uuid, existing_status text)
language sql as $$
  with input as (
    select *
      from unnest(ids, performances, poss, channels, customers, buyer_keys, emails, first_names,
                  last_names, languages, quantities, category_lists, togethers, statuses)
           with ordinality
           as i(id, performance_id, pos_id, channel_id, customer_id, buyer_key, email, first_name,
                last_name, language, quantity, categories, together, status, n)
  ), settings as (
    insert into waitlist_settings(performance_id, updated_at)
    select distinct performance_id, signed_at from input
    on conflict (performance_id) do nothing
  ), inserted as (
    insert into waitlist_entry(id, performance_id, pos_id, channel_id, customer_id, buyer_key,
                               email, first_name, last_name, language, quantity, categories,
                               together, status, created_at, updated_at)
    select i.id, i.performance_id, i.pos_id, i.channel_id, i.customer_id, i.buyer_key, i.email,
           i.first_name, i.last_name, i.language, i.quantity, string_to_array(i.categories, ','),
           i.together, i.status, signed_at, signed_at
      from input i
     order by i.n
    on conflict (performance_id, buyer_key) where status in ('UNCONFIRMED', 'WAITING', 'OFFERED')
    do nothing
    returning id
  ), mails as (
    insert into mail_outbox(kind, waitlist_entry_id, created_at, next_attempt_at)
    select 'WAITLIST_CONFIRM', i.id, signed_at, signed_at
      from input i join inserted x on x.id = i.id
     where i.status = 'UNCONFIRMED'
  )
  select i.n, x.id, e.id, e.status
    from input i
    left join inserted x on x.id = i.id
    left join waitlist_entry e
           on x.id is null and e.performance_id = i.performance_id and e.buyer_key = i.buyer_key
          and e.status in ('UNCONFIRMED', 'WAITING', 'OFFERED')
   order by i.n
$$;

-- An offer, made by the node that holds the performance's lease (owner, epoch): the entry goes from
-- WAITING to OFFERED, the offer and its seats are written (no seat in two open offers: the unique
-- index), and its e-mail. Answers OFFERED, or why nothing was written: LEASE_LOST (another node
-- makes the offers now), PAUSED (the organizer paused or closed the list), ENTRY_GONE (the entry
-- left or changed meanwhile), SEAT_IN_OFFER (a seat is in another open offer).
create or replace function guichet_waitlist_offer(
    offer uuid, entry uuid, perf uuid, node uuid, epoch bigint, hold_no bigint, cat text,
    seats text[], area integer, place_count integer, made_at timestamptz, expires timestamptz,
    freed timestamptz)
returns text
language plpgsql as $$
declare
  s waitlist_settings%rowtype;
begin
  -- a share lock: a pause (or another node's lease) waits for this offer, or this offer sees it
  select * into s from waitlist_settings where performance_id = perf for share;
  if not found or s.lease_owner is distinct from node or s.lease_epoch <> epoch
     or s.lease_until <= made_at then
    return 'LEASE_LOST';
  end if;
  if not s.enabled or s.paused then
    return 'PAUSED';
  end if;
  begin
    update waitlist_entry set status = 'OFFERED', passes = 0, updated_at = made_at
     where id = entry and performance_id = perf and status = 'WAITING';
    if not found then
      return 'ENTRY_GONE';
    end if;
    insert into waitlist_offer(id, entry_id, performance_id, hold_id, category, seat_ids, ga_area,
                               places, status, created_at, expires_at, freed_at, epoch)
    values (offer, entry, perf, hold_no, cat, seats, area, place_count, 'OPEN', made_at, expires,
            freed, epoch);
    insert into waitlist_offer_seat(offer_id, performance_id, seat_id, open)
    select offer, perf, x, true from unnest(seats) as x;
    insert into mail_outbox(kind, waitlist_offer_id, created_at, next_attempt_at)
    values ('WAITLIST_OFFER', offer, made_at, made_at);
    if s.priority_entry = entry then
      update waitlist_settings set priority_entry = null, priority_until = null,
             offers_since_priority = 0, updated_at = made_at
       where performance_id = perf;
    end if;
    return 'OFFERED';
  exception when unique_violation then
    return 'SEAT_IN_OFFER';
  end;
end
$$;

-- What the offer engine learnt in a round, fenced by its lease: entries' pass counts (only those
-- still waiting), and the list's priority (the entry seats accumulate for, until when) with the
-- offers made since the last priority ended. False when the lease was lost (nothing written).
create or replace function guichet_waitlist_fairness(
    perf uuid, node uuid, epoch bigint, entries uuid[], pass_counts integer[], priority uuid,
    until timestamptz, since integer, at timestamptz)
returns boolean
language plpgsql as $$
begin
  update waitlist_settings set priority_entry = priority, priority_until = until,
         offers_since_priority = since, updated_at = at
   where performance_id = perf and lease_owner = node and lease_epoch = epoch
     and lease_until > at;
  if not found then
    return false;
  end if;
  update waitlist_entry e set passes = p.passes, updated_at = at
    from unnest(entries, pass_counts) as p(id, passes)
   where e.id = p.id and e.performance_id = perf and e.status = 'WAITING';
  return true;
end
$$;

-- Offers whose deadline has passed: LAPSED, their entries too (the seats, whose grid hold ended at
-- the same deadline, are the list's again), and guests' entries never confirmed within a day.
-- Conditional writes: safe on any node, any number of times. Answers the offers lapsed.
create or replace function guichet_waitlist_lapse(perf uuid, at timestamptz)
returns table(offer_id uuid, entry_id uuid)
language sql as $$
  with offers as (
    update waitlist_offer set status = 'LAPSED', closed_at = at
     where performance_id = perf and status = 'OPEN' and expires_at <= at
    returning id, waitlist_offer.entry_id
  ), seats as (
    update waitlist_offer_seat set open = false
     where offer_id in (select id from offers) and open
  ), entries as (
    update waitlist_entry set status = 'LAPSED', updated_at = at
     where id in (select o.entry_id from offers o) and status = 'OFFERED'
  ), unconfirmed as (
    update waitlist_entry set status = 'LAPSED', updated_at = at
     where performance_id = perf and status = 'UNCONFIRMED' and created_at <= at - interval '1 day'
  )
  select id, o.entry_id from offers o
$$;

-- The buyer opens a cart from an open offer before its deadline: TAKEN (the seats now belong to
-- the cart, whose id is recorded). Otherwise answers the offer's status (LAPSED once its deadline
-- passed, TAKEN, WITHDRAWN) and changes nothing; UNKNOWN without such an offer.
create or replace function guichet_waitlist_take(offer uuid, cart uuid, at timestamptz)
returns text
language plpgsql as $$
declare
  found_status text;
  entry uuid;
begin
  update waitlist_offer set status = 'TAKEN', cart_id = cart, closed_at = at
   where id = offer and status = 'OPEN' and expires_at > at
  returning entry_id into entry;
  if found then
    update waitlist_offer_seat set open = false where offer_id = offer;
    update waitlist_entry set status = 'TAKEN', updated_at = at where id = entry;
    return 'TAKEN';
  end if;
  select status into found_status from waitlist_offer where id = offer;
  if not found then
    return 'UNKNOWN';
  end if;
  return case when found_status = 'OPEN' then 'LAPSED' else found_status end;
end
$$;

-- The buyer leaves the list: LEFT, and an open offer of the entry WITHDRAWN (its seats go back to
-- the list: the caller releases their hold). Answers the entry's status before (null when there
-- is no such entry) and the offer withdrawn, if any.
create or replace function guichet_waitlist_leave(entry uuid, at timestamptz)
returns table(previous text, offer_id uuid, hold_id bigint, seat_ids text[], ga_area integer,
              expires_at timestamptz)
language plpgsql as $$
declare
  before text;
begin
  select status into before from waitlist_entry where id = entry for update;
  if not found then
    return;
  end if;
  if before in ('UNCONFIRMED', 'WAITING', 'OFFERED') then
    update waitlist_entry set status = 'LEFT', updated_at = at where id = entry;
  end if;
  return query
    with o as (
      update waitlist_offer set status = 'WITHDRAWN', closed_at = at
       where waitlist_offer.entry_id = entry and status = 'OPEN'
      returning id, waitlist_offer.hold_id, waitlist_offer.seat_ids, waitlist_offer.ga_area,
                waitlist_offer.expires_at
    ), s as (
      update waitlist_offer_seat set open = false where waitlist_offer_seat.offer_id in (select id from o)
    )
    select before, o.id, o.hold_id, o.seat_ids, o.ga_area, o.expires_at from o
    union all
    select before, null, null, null, null, null where not exists (select 1 from o);
end
$$;
