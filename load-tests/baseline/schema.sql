-- The baseline: how the open-source ticketing systems hold seats (alf.io's pattern): one row per
-- seat or standing place, and one PostgreSQL transaction per hold that takes free rows with
-- SELECT ... FOR UPDATE SKIP LOCKED and marks them held. Kept in its own schema of the same
-- PostgreSQL the server uses; each step gets a fresh copy of the stadium (perf = the step's number).
create schema if not exists baseline;
drop table if exists baseline.seat;
create table baseline.seat (
  perf        integer not null,
  id          text not null,
  category    text not null,
  rank        integer not null,
  status      char(1) not null default 'F',
  hold_id     bigint,
  held_until  timestamptz,
  primary key (perf, id)
);
-- The index a best-available search needs (generous to the baseline).
create index seat_free_idx on baseline.seat (perf, category, status, rank);
-- A release finds its hold's rows.
create index seat_hold_idx on baseline.seat (perf, hold_id);
