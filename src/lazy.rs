//! Code loaded on first use. In the split build (`--features split`, built by Trunk and cut by
//! scripts/split-wasm.sh) a function declared with [`on_demand!`] is the entry of a WebAssembly
//! module of its own: the first call fetches that module (the service worker has it precached,
//! so this works offline), later calls run at once. In every other build — tests, `cargo check` —
//! it is an ordinary `async fn`.
//!
//! A module that cannot be fetched (no network before the service worker has cached the build)
//! is an error the caller shows, never a panic, and the next call tries again.
use std::future::Future;
use std::pin::Pin;

/// The module holding a function's code could not be fetched or instantiated.
pub use leptos::wasm_split::SplitLoaderError as LoadError;

/// What the split-off half of an [`on_demand!`] function returns: one boxed future type, so
/// the function can cross from the shell into its module.
pub type Loading<T> = Pin<Box<dyn Future<Output = Result<T, LoadError>> + Send + Sync>>;

/// Declares `async fn name(args) -> T { body }` as `async fn name(args) -> Result<T, LoadError>`
/// whose code is in `module` in the split build, and `async fn preload() -> Result<(),
/// LoadError>` that fetches the module without calling anything (a no-op in other builds).
/// Several functions may share a module (fetched once, for the first of them); module names
/// must be unique in the app. Arguments and `T` are concrete types.
macro_rules! on_demand {
    (
        module = $module:ident, preload = $preload:ident;
        $(#[doc = $doc:literal])*
        $vis:vis async fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty $body:block
    ) => {
        $(#[doc = $doc])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $module,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload(
                #[doc = "Fetches the module of the function declared with it."]
                #[allow(dead_code)] // not every module is fetched ahead
                $preload
            ),
            return_wrapper(
                let future = _; { future.await }
                -> ::core::result::Result<$out, $crate::lazy::LoadError>
            )
        )]
        $vis fn $name($($arg: $ty),*) -> $crate::lazy::Loading<$out> {
            // The future stays on the one thread a browser tab has; the wrapper says so.
            ::std::boxed::Box::pin(::send_wrapper::SendWrapper::new(async move {
                ::core::result::Result::Ok(async move $body.await)
            }))
        }

        /// Fetches the module of the function declared with it (nothing to fetch in this build).
        #[cfg(not(feature = "split"))]
        #[allow(dead_code)] // not every module is fetched ahead
        $vis async fn $preload() -> ::core::result::Result<(), $crate::lazy::LoadError> {
            ::core::result::Result::Ok(())
        }

        $(#[doc = $doc])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*)
            -> ::core::result::Result<$out, $crate::lazy::LoadError> {
            ::core::result::Result::Ok(async move $body.await)
        }
    };
}
pub(crate) use on_demand;
