-- Tickets: their codes' signing keys, beneficiaries, downloads, scanner devices and check-in.
--
-- A ticket's code is signed in Java (Ed25519) from the ticket's id, performance, seat and
-- version; changing the beneficiary bumps the version, so the old code stops scanning. The
-- check-in function is in the repeatable migration R__checkin.sql.

alter table order_line
  add column beneficiary_first_name text,
  add column beneficiary_last_name text;

alter table ticket
  add column beneficiary_first_name text,
  add column beneficiary_last_name text,
  -- first time the code left the server (PDF, wallet pass or mobile ticket): "printed"
  add column printed_at timestamptz,
  add column checked_in_at timestamptz,
  add column checked_in_by uuid,
  add column updated_at timestamptz;

-- The Ed25519 keys of ticket codes. The newest key not retired signs; every key not retired
-- verifies (scanners download them). The private key is sealed (AES-GCM) under a key derived
-- from the server secret, so a database dump alone cannot forge tickets.
create table ticket_signing_key (
  kid                 text primary key,
  public_key          bytea not null,
  private_key_sealed  bytea not null,
  created_at          timestamptz not null,
  retired_at          timestamptz
);

-- A scanner (a phone or a turnstile at the doors) of an organizer; it presents its token.
create table scanner_device (
  id            uuid primary key,
  organizer_id  uuid not null references organizer(id),
  name          text not null,
  token_hash    bytea not null unique,
  created_at    timestamptz not null,
  revoked_at    timestamptz
);
create index scanner_device_organizer_idx on scanner_device(organizer_id);

-- Every scan, accepted or refused, for the doors' reports.
create table checkin_scan (
  id              bigserial primary key,
  device_id       uuid not null references scanner_device(id),
  performance_id  uuid not null,
  ticket_id       uuid,
  code_version    integer,
  result          text not null,
  scanned_at      timestamptz not null
);
create index checkin_scan_performance_idx on checkin_scan(performance_id, scanned_at);
