//! 守望 Shouwang field app: the Leptos client-side app that field workers install on their phones.
//!
//! - `app` and `routes`: the root component and the hash router;
//! - `pages` and `components`: the screens and their pieces;
//! - `storage`: IndexedDB records and localStorage settings;
//! - `state`: what the screens share (the open store, the summaries, banners);
//! - `pwa`: service-worker updates and storage persistence;
//! - `download`: offering a backup or an export as a file;
//! - `lazy`: code loaded on first use (one module per screen in the split build);
//! - `attachments`: photos and signatures, made small, kept as Blobs, sent after the records;
//! - `sync`: sign-in and sync with the township server;
//! - `i18n`: every user-visible string of the interface.
//!
//! Rules (validation, classification, policy) are not here: they come from `shouwang-domain`.

pub mod app;
pub mod attachments;
pub mod components;
pub mod download;
pub mod i18n;
pub mod ids;
pub mod lazy;
pub mod pages;
pub mod pwa;
pub mod routes;
pub mod state;
pub mod storage;
pub mod sync;
