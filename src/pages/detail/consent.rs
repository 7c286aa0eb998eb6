//! The card's 承诺授权书 (DOMAIN.md §7, issue #17): the signed consent — who signed, their
//! relation to the head, the day, the witness, the text's version and the signature — or, while
//! unsigned, 签署: the text in force for the household's province today (the domain's
//! `Policy::consent_text`), the signer (the head by default, or a proxy with the relation), the
//! pad, and 保存. The signature is kept as a PNG attachment first; then the record, with the
//! attachment and the consent, is saved like the card's quick forms and syncs by itself.
use leptos::prelude::*;
use shouwang_domain::labels::Label;
use shouwang_domain::model::{Attachment, AttachmentSubject, Consent, Relation};
use shouwang_domain::{validate, Household, Severity};

use super::card::label;
use super::save_edits;
use crate::attachments::{keep_png, AttachmentImage};
use crate::components::{Signature, SignaturePad};
use crate::i18n::{fill, use_i18n, Lang};
use crate::state::{use_app_state, AppState};
use crate::storage::{today, with_policy, StorageError};
use crate::sync::use_sync;

/// The section: the signed consent, or 签署.
#[component]
pub fn ConsentSection(h: Household) -> impl IntoView {
    let i18n = use_i18n();
    let hid = h.id.0.clone();
    let title = move || label("consent", i18n.lang());
    let body = match h.consent.clone() {
        Some(c) => view! { <Signed hid=hid c=c/> }.into_any(),
        None => view! { <Unsigned h=h/> }.into_any(),
    };
    // Off the printed 户卡, like the photos: the card must stay one A4 page.
    view! {
        <section class="card-section consent no-print" data-testid="consent">
            <header><h3>{title}</h3></header>
            {body}
        </section>
    }
}

/// The signed consent as it stands on the record.
#[component]
fn Signed(hid: String, c: Consent) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let text_title = with_policy(|p| {
        p.consent_text_version(&c.text_id, c.text_version)
            .map(|t| t.title.clone())
    })
    .unwrap_or_else(|| c.text_id.clone());
    let version = fill(lang.consent().version, &[&c.text_version]);
    let relation = c.relation.label().get(lang.domain()).to_string();
    let row = |path: &'static str, value: String| {
        let field = path.trim_start_matches("consent.");
        view! { <dt>{label(path, lang)}</dt><dd data-field=field>{value}</dd> }
    };
    view! {
        <dl class="card-fields" data-testid="consent-signed">
            {row("consent.text_id", text_title)}
            {row("consent.text_version", version)}
            {row("consent.signer", c.signer.clone())}
            {row("consent.relation", relation)}
            {row("consent.signed_on", c.signed_on.to_string())}
            {row("consent.witness", c.witness.clone())}
        </dl>
        <div class="consent-signature" data-testid="consent-signature">
            <span class="hint">{label("consent.signature", lang)}</span>
            <AttachmentImage household_id=hid id=c.signature.clone()/>
        </div>
    }
}

/// 签署, and the screen it opens.
#[component]
fn Unsigned(h: Household) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let saved = RwSignal::new(false);
    let h = StoredValue::new(h);
    move || {
        let t = i18n.lang().consent();
        if open.get() {
            return view! { <SignScreen h=h.get_value() open=open saved=saved/> }.into_any();
        }
        view! {
            <p class="hint" data-testid="consent-unsigned">{t.unsigned}</p>
            <button type="button" class="tap no-print" data-testid="consent-sign"
                on:click=move |_| open.set(true)>{t.sign}</button>
            {move || saved.get().then(|| view! {
                <p class="ok-box" role="status">{i18n.lang().consent().saved}</p>
            })}
        }
        .into_any()
    }
}

/// The consent screen: the text, the signer and relation, the pad, 保存.
#[component]
fn SignScreen(h: Household, open: RwSignal<bool>, saved: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app_state();
    let witness = use_sync()
        .session
        .with_untracked(|s| s.as_ref().map(|s| s.account.username.clone()))
        .unwrap_or_default();
    let text = with_policy(|p| {
        p.consent_text(h.area.parsed_code().as_ref(), today())
            .cloned()
    });
    let head = h
        .members
        .iter()
        .find(|m| m.relation == Relation::Head)
        .map(|m| m.name.clone())
        .unwrap_or_default();
    let signer = RwSignal::new(head);
    let relation = RwSignal::new(0usize);
    let signature = RwSignal::new_local(None::<Signature>);
    let problems = RwSignal::new(Vec::<String>::new());
    let busy = RwSignal::new(false);
    let h = StoredValue::new(h);
    let text_for_save = StoredValue::new(text.clone());
    let witness = StoredValue::new(witness);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.lang();
        let Some(text) = text_for_save.get_value() else {
            return;
        };
        let Some(sig) = signature.get_untracked() else {
            problems.set(vec![lang.consent().confirm_first.to_string()]);
            return;
        };
        let consent = Consent {
            text_id: text.id,
            text_version: text.version,
            signer: signer.get_untracked().trim().to_string(),
            relation: Relation::ALL
                .get(relation.get_untracked())
                .copied()
                .unwrap_or(Relation::Head),
            signed_on: today(),
            witness: witness.get_value(),
            signature: String::new(),
        };
        if consent.signer.is_empty() {
            problems.set(vec![lang.consent().signer_missing.to_string()]);
            return;
        }
        busy.set(true);
        problems.set(Vec::new());
        let hid = h.with_value(|h| h.id.0.clone());
        leptos::task::spawn_local(async move {
            let result = sign(state, &hid, consent, sig, lang).await;
            busy.set(false);
            match result {
                Ok(()) => {
                    saved.set(true);
                    open.set(false);
                }
                Err(list) => problems.set(list),
            }
        });
    };
    let lang = i18n.lang();
    let t = lang.consent();
    let Some(text) = text else {
        return view! { <p class="problem error" role="alert" data-testid="consent-no-text">{t.no_text}</p> }
            .into_any();
    };
    let paragraphs = text
        .body
        .split("\n\n")
        .map(|p| view! { <p>{p.to_string()}</p> })
        .collect_view();
    let relations = Relation::ALL
        .iter()
        .enumerate()
        .map(|(i, r)| view! { <option value=i.to_string()>{r.label().get(lang.domain()).to_string()}</option> })
        .collect_view();
    view! {
        <form class="quick-form consent-form no-print" data-testid="consent-form" on:submit=save>
            <article class="consent-text" data-testid="consent-text">
                <h4>{text.title.clone()}</h4>
                {paragraphs}
                <p class="hint">{fill(t.version, &[&text.version])}</p>
            </article>
            <div class="field">
                <label for="consent-signer">{label("consent.signer", lang)}</label>
                <input id="consent-signer" type="text" maxlength="50" prop:value=signer.get_untracked()
                    on:input=move |ev| signer.set(event_target_value(&ev))/>
            </div>
            <div class="field">
                <label for="consent-relation">{label("consent.relation", lang)}</label>
                <select id="consent-relation" on:change=move |ev| {
                    relation.set(event_target_value(&ev).parse().unwrap_or(0))
                }>{relations}</select>
                <p class="hint">{t.proxy_hint}</p>
            </div>
            <div class="field">
                <label for="consent-witness">{label("consent.witness", lang)}</label>
                <input id="consent-witness" type="text" readonly prop:value=witness.get_value()/>
            </div>
            <div class="field">
                <label for="consent-pad">{label("consent.signature", lang)}</label>
                <SignaturePad id="consent-pad"
                    on_confirm=Callback::new(move |s: Signature| {
                        // What was said before the confirm (sign first) no longer holds.
                        problems.set(Vec::new());
                        signature.set(Some(s));
                    })
                    on_change=Callback::new(move |()| signature.set(None))/>
            </div>
            {move || {
                let list = problems.get();
                (!list.is_empty()).then(|| super::quick_add::errors_view(list, "consent-errors"))
            }}
            <div class="actions">
                <button type="submit" class="tap" data-testid="consent-save" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.lang().consent().saving } else { i18n.lang().strings().save }}
                </button>
                <button type="button" class="secondary tap" on:click=move |_| open.set(false)>
                    {move || i18n.lang().strings().cancel}
                </button>
            </div>
        </form>
    }
    .into_any()
}

/// Keeps the signature's PNG, then adds it and the consent to the record as it is stored now
/// and saves that (checked by the domain first: a consent it refuses is not saved).
async fn sign(
    state: AppState,
    hid: &str,
    mut consent: Consent,
    sig: Signature,
    lang: Lang,
) -> Result<(), Vec<String>> {
    let failed = |m: String| vec![fill(lang.consent().save_failed, &[&m])];
    let kept = keep_png(hid, &sig.blob, sig.width, sig.height)
        .await
        .map_err(|e| failed(e.message(lang)))?;
    let store = state
        .store()
        .ok_or_else(|| failed(StorageError::Unavailable.message(lang.strings())))?;
    let stored = store
        .load(hid)
        .await
        .map_err(|e| failed(e.message(lang.strings())))?
        .ok_or_else(|| failed(StorageError::Unreadable(hid.to_string()).message(lang.strings())))?;
    let mut h = stored.household;
    let taken_at =
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    if !h.attachments.iter().any(|a| a.id == kept.id) {
        h.attachments.push(Attachment {
            id: kept.id.clone(),
            subject: AttachmentSubject::Consent,
            of: String::new(),
            content_type: "image/png".into(),
            bytes: kept.bytes,
            width: kept.width,
            height: kept.height,
            thumb: kept.thumb,
            taken_at,
            gps: None,
            by: consent.witness.clone(),
        });
    }
    consent.signature = kept.id;
    h.consent = Some(consent);
    let errors = consent_errors(&h, lang);
    if !errors.is_empty() {
        return Err(errors);
    }
    save_edits(state, vec![(h, Some(stored.local_rev))])
        .await
        .map(drop)
        .map_err(|e| failed(e.message(lang.strings())))
}

/// What the domain's validation refuses in the consent or its attachment, as "field: message".
fn consent_errors(h: &Household, lang: Lang) -> Vec<String> {
    let year = chrono::Datelike::year(&today());
    let rules = with_policy(|p| p.resolve(h.area.parsed_code().as_ref(), year).rules);
    validate(h, &rules, today())
        .into_iter()
        .filter(|p| {
            p.severity == Severity::Error
                && (p.field.starts_with("consent") || p.field.starts_with("attachments"))
        })
        .map(|p| {
            format!(
                "{}: {}",
                label(&p.field, lang),
                p.message.get(lang.domain())
            )
        })
        .collect()
}
