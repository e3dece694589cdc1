-- The web origins (scheme, host and port) of the shops that call a point of sale's API from a
-- browser (CORS). Empty: no browser of another origin may.
alter table point_of_sale add column allowed_origins text[] not null default '{}';
