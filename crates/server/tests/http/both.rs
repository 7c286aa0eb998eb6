//! [`on_both`]: a scenario as two tests, on SQLite and on PostgreSQL.

/// Runs each scenario on SQLite and on PostgreSQL, as two tests, on a server with the default
/// limits (PostgreSQL only where the test command started one).
macro_rules! on_both {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[test]
            fn sqlite() {
                let server = crate::support::TestServer::on(
                    crate::support::Db::Sqlite,
                    shouwang_server::Limits::default(),
                );
                super::$name(&server.unwrap());
            }
            #[test]
            fn postgres() {
                if let Some(server) = crate::support::TestServer::on(
                    crate::support::Db::Postgres,
                    shouwang_server::Limits::default(),
                ) {
                    super::$name(&server);
                }
            }
        }
    )*};
}
pub(crate) use on_both;
