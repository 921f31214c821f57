//! The people directory as importers see it: the one in [`crate::people`],
//! shared with the ranking, so both match senders the same way.

pub use crate::people::{PEOPLE_FILE, PERSON_FIELDS, People, Person};
