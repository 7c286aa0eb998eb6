//! The sync protocol: the device's rules, the server's plan, and the two together.
mod device;
