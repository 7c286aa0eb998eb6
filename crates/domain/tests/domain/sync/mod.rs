//! The sync protocol: the device's rules, the server's plan, and the two together.
mod concurrent;
mod device;
mod leads;
mod office_only;
mod plan;
mod sim;
mod void;
