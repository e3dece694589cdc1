-- Producers and their users; the reports read orders, lines and contacts as they are.
--
-- A producer (seed: "Espace producteur") is a company an organizer sells events for. Its users log
-- in to their own space and read the reports of the events that belong to it, nothing else.
create table producer (
  id            uuid primary key,
  organizer_id  uuid not null references organizer(id),
  name          text not null,
  created_at    timestamptz not null
);
create index producer_organizer_idx on producer(organizer_id, created_at);

-- The event's producer, set by the organizer (none: the organizer's own event).
alter table event add column producer_id uuid references producer(id);
create index event_producer_idx on event(producer_id, created_at) where producer_id is not null;

-- A producer's login: an e-mail address is one user across organizers (the space has no point of
-- sale to say which organizer it is), the password hashed as buyers' are (Argon2id, PHC string).
create table producer_user (
  id             uuid primary key,
  producer_id    uuid not null references producer(id),
  email          text not null,
  password_hash  text not null,
  created_at     timestamptz not null
);
create unique index producer_user_email_idx on producer_user(lower(email));
create index producer_user_producer_idx on producer_user(producer_id, created_at);

