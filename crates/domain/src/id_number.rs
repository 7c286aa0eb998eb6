//! ID numbers placeholder.
