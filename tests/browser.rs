//! App tests in headless Chromium (wasm-bindgen-test): storage against the real IndexedDB, the
//! migration of old records, the quota-error path, and the app mounted and driven.
//!
//! Run: `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p shouwang-app --test browser`
#![cfg(target_arch = "wasm32")]

use idb::{Factory, ObjectStoreParams, TransactionMode};
use shouwang_app::i18n::Lang;
use shouwang_app::storage::{self, StorageError, Store, STORAGE_FORMAT};
use shouwang_domain::Household;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SAMPLE: &str = include_str!("../crates/domain/samples/01_edge_illness.json");

fn sample() -> Household {
    serde_json::from_str(SAMPLE).unwrap()
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

/// A database of its own per test, so tests never see each other's records.
async fn fresh_store(name: &str) -> Store {
    let db = storage::open(name, || {}, || {}).await.unwrap();
    Store::new(db).await.unwrap()
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

#[wasm_bindgen_test]
async fn a_saved_household_loads_back_with_its_summary() {
    let store = fresh_store("t-save-load").await;
    let h = sample();
    let (saved, summary) = store.save(&h, None, today(), None).await.unwrap();
    assert_eq!(summary.id, h.id.0);
    assert_eq!(saved.local_rev, 1);
    let loaded = store.load(&h.id.0).await.unwrap().unwrap();
    assert_eq!(loaded.household, h);
    let summaries = store.summaries().await.unwrap();
    assert_eq!(summaries.len(), 1);
    assert_eq!(summaries[0].head_name, "王建国");
    assert_eq!(store.count().await.unwrap(), 1);
}

#[wasm_bindgen_test]
async fn a_save_from_a_stale_form_is_refused_and_keeps_the_other_save() {
    let store = fresh_store("t-two-tabs").await;
    let mut h = sample();
    store.save(&h, None, today(), None).await.unwrap(); // rev 1
    h.phone = "13900000001".into();
    store.save(&h, Some(1), today(), None).await.unwrap(); // tab A: rev 2
    let mut stale = h.clone();
    stale.phone = "13900000002".into();
    let err = store
        .save(&stale, Some(1), today(), None)
        .await
        .unwrap_err(); // tab B still at rev 1
    assert_eq!(err, StorageError::ChangedElsewhere);
    let kept = store.load(&h.id.0).await.unwrap().unwrap();
    assert_eq!(kept.household.phone, "13900000001");
    assert_eq!(kept.local_rev, 2);
}

#[wasm_bindgen_test]
async fn drafts_are_kept_until_the_record_is_saved() {
    let store = fresh_store("t-drafts").await;
    let h = sample();
    store.save_draft(&h.id.0, &h, None, "form-1").await.unwrap();
    let draft = store.load_draft(&h.id.0).await.unwrap().unwrap();
    assert_eq!((draft.household, draft.base_rev), (h.clone(), None));
    store
        .save(&h, None, today(), Some((&h.id.0, "form-1")))
        .await
        .unwrap();
    assert_eq!(store.load_draft(&h.id.0).await.unwrap(), None);
}

#[wasm_bindgen_test]
async fn a_draft_overtaken_by_another_save_cannot_overwrite_it() {
    let store = fresh_store("t-stale-draft").await;
    let mut h = sample();
    store.save(&h, None, today(), None).await.unwrap(); // rev 1
    let mut mine = h.clone();
    mine.income.wages = shouwang_domain::Money::yuan(1);
    store
        .save_draft(&h.id.0, &mine, Some(1), "form-b")
        .await
        .unwrap(); // tab B's draft, from rev 1
    h.address = "新地址".into();
    store
        .save(&h, Some(1), today(), Some((&h.id.0, "form-a")))
        .await
        .unwrap(); // tab A saves: rev 2
    let draft = store.load_draft(&h.id.0).await.unwrap().unwrap();
    assert_eq!(
        draft.base_rev,
        Some(1),
        "the draft remembers where it started"
    );
    let err = store
        .save(&draft.household, draft.base_rev, today(), None)
        .await
        .unwrap_err();
    assert_eq!(err, StorageError::ChangedElsewhere);
    assert_eq!(
        store
            .load(&h.id.0)
            .await
            .unwrap()
            .unwrap()
            .household
            .address,
        "新地址"
    );
}

#[wasm_bindgen_test]
async fn records_of_the_previous_format_are_migrated_on_open() {
    let name = "t-migrate";
    // Write a database as the previous format left it: a bare household, no format mark.
    let factory = Factory::new().unwrap();
    let mut req = factory.open(name, Some(1)).unwrap();
    req.on_upgrade_needed(|e| {
        use idb::DatabaseEvent;
        let db = e.database().unwrap();
        for s in ["households", "summaries", "drafts", "meta"] {
            db.create_object_store(s, ObjectStoreParams::new()).unwrap();
        }
    });
    let db = req.await.unwrap();
    let tx = db
        .transaction(&["households"], TransactionMode::ReadWrite)
        .unwrap();
    let id = sample().id.0;
    tx.object_store("households")
        .unwrap()
        .put(&JsValue::from_str(SAMPLE), Some(&JsValue::from_str(&id)))
        .unwrap()
        .await
        .unwrap();
    tx.await.unwrap();
    db.close();

    let store = fresh_store(name).await;
    let stored = store.load(&id).await.unwrap().unwrap();
    assert_eq!(stored.storage_format, STORAGE_FORMAT);
    assert_eq!(stored.household, sample());
    assert_eq!(
        store.summaries().await.unwrap().len(),
        1,
        "summaries rebuilt"
    );
}

#[wasm_bindgen_test]
async fn export_then_import_elsewhere_gives_the_same_records_once() {
    let a = fresh_store("t-export").await;
    a.save(&sample(), None, today(), None).await.unwrap();
    let text = a.export().await.unwrap();
    let b = fresh_store("t-import").await;
    let first = b.import(&text).await.unwrap();
    assert_eq!(first.added, 1);
    let again = b.import(&text).await.unwrap();
    assert_eq!((again.added, again.unchanged), (0, 1));
    assert_eq!(
        b.load(&sample().id.0).await.unwrap().unwrap().household,
        sample()
    );
}

#[wasm_bindgen_test]
fn a_quota_exception_reads_as_storage_full_in_both_languages() {
    let e = web_sys::DomException::new_with_message_and_name("full", "QuotaExceededError").unwrap();
    let err = StorageError::from(idb::Error::DomException(e));
    assert_eq!(err, StorageError::QuotaExceeded);
    assert!(err.message(Lang::ZhCn.strings()).contains("存储空间已满"));
    assert!(err.message(Lang::En.strings()).contains("Storage is full"));
    assert!(err.message(Lang::ZhCn.strings()).contains("表单内容已保留"));
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn text_of(selector: &str) -> String {
    document()
        .query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_an_invalid_id_number_is_reported_at_its_field() {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    let root: web_sys::HtmlElement = root.unchecked_into();
    let handle = leptos::mount::mount_to(root, shouwang_app::app::App);

    // The list screen comes up once storage is open.
    for _ in 0..50 {
        if !text_of("[data-testid=counts]").is_empty() {
            break;
        }
        sleep(100).await;
    }
    assert!(
        text_of("[data-testid=counts]").contains('户'),
        "list page not shown"
    );

    web_sys::window()
        .unwrap()
        .location()
        .set_hash("#/households/new")
        .unwrap();
    let mut input = None;
    for _ in 0..50 {
        input = document().query_selector("#f-members-0-id_number").unwrap();
        if input.is_some() {
            break;
        }
        sleep(100).await;
    }
    let input: web_sys::HtmlInputElement = input.expect("form shown").unchecked_into();
    // The right digits with a wrong check character.
    input.set_value("522701198003151231");
    input
        .dispatch_event(
            &web_sys::Event::new_with_event_init_dict("input", &{
                let init = web_sys::EventInit::new();
                init.set_bubbles(true);
                init
            })
            .unwrap(),
        )
        .unwrap();
    sleep(50).await;
    let message = text_of("[data-testid=problem-f-members-0-id_number]");
    assert!(
        message.contains("校验"),
        "message at the field: {message:?}"
    );
    let blocked = text_of("[data-testid=errors-block-save]");
    assert!(!blocked.is_empty(), "save is blocked while errors remain");
    drop(handle);
}
