-- 守望 Shouwang server schema, version 4: the people of each current household.
-- One row per member with an ID number, keyed by the person's key (an 18-digit number; an old
-- 15-digit one converted, X upper-case), so a push finds the same person in another household of
-- the caller's areas without reading every record. Voided households have none. Written with the
-- current version (src/store/sql/people.rs); households stored before this table are indexed when
-- the server starts.
CREATE TABLE person_keys (
    person_key   TEXT NOT NULL,
    household_id TEXT NOT NULL,
    area_code    TEXT NOT NULL,
    PRIMARY KEY (person_key, household_id)
);
CREATE INDEX person_keys_by_household ON person_keys (household_id);
