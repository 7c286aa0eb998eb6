//! 照片 on the card: for 住房, 饮水, each visit and each measure, the thumbnails and an 添加照片
//! control (the camera or the gallery). A chosen photo is made small and kept on the phone,
//! then added to the household as an [`Attachment`] and saved through the card's one save path,
//! so the record syncs by itself and the bytes follow it. Tapping a thumbnail shows the photo.
use leptos::prelude::*;
use shouwang_domain::model::{Attachment, AttachmentSubject};
use shouwang_domain::Household;

use super::save_edits;
use crate::attachments::store::{self, Entry};
use crate::attachments::upload::refusal_in;
use crate::attachments::{allowed_position, keep_photo, AttachmentImage, KeepError};
use crate::i18n::{fill, use_i18n, Lang};
use crate::state::{use_app_state, AppState};
use crate::storage::StorageError;
use crate::sync::use_sync;

/// What happened to the last photo chosen on this card, and the photo open in full; kept by
/// the page, since a save redraws the card.
#[derive(Clone, Copy)]
pub(crate) struct PhotoNotes {
    /// The group (subject and owner) and the outcome: the milliseconds the photo took, or why
    /// it was not kept.
    pub last: RwSignal<Option<(String, Result<f64, String>)>>,
    /// A group whose photo is being processed.
    pub busy: RwSignal<Option<String>>,
    /// The photo shown in full.
    pub open: RwSignal<Option<String>>,
    /// The group whose 添加照片 was tapped: the photo chosen next belongs to it.
    pub target: RwSignal<Option<(String, AttachmentSubject, String)>>,
}

impl PhotoNotes {
    pub fn new() -> PhotoNotes {
        PhotoNotes {
            last: RwSignal::new(None),
            busy: RwSignal::new(None),
            open: RwSignal::new(None),
            target: RwSignal::new(None),
        }
    }
}

fn use_notes() -> PhotoNotes {
    use_context::<PhotoNotes>().unwrap_or_else(PhotoNotes::new)
}

/// One group of photos: what they show, of which visit or measure, its heading.
struct Group {
    subject: AttachmentSubject,
    of: String,
    title: String,
}

impl Group {
    /// `housing`, `water`, `visit-<id>`, `measure-<id>`: the group's test id and input id.
    fn key(&self) -> String {
        let subject = format!("{:?}", self.subject).to_lowercase();
        if self.of.is_empty() {
            subject
        } else {
            format!("{subject}-{}", self.of)
        }
    }
}

fn groups(h: &Household, lang: Lang) -> Vec<Group> {
    let p = lang.photos();
    let mut out = vec![
        Group {
            subject: AttachmentSubject::Housing,
            of: String::new(),
            title: p.housing.into(),
        },
        Group {
            subject: AttachmentSubject::Water,
            of: String::new(),
            title: p.water.into(),
        },
    ];
    let mut visits: Vec<_> = h.visits.iter().collect();
    visits.sort_by_key(|v| std::cmp::Reverse(v.date));
    out.extend(visits.into_iter().map(|v| Group {
        subject: AttachmentSubject::Visit,
        of: v.id.clone(),
        title: fill(p.visit, &[&v.date]),
    }));
    out.extend(h.measures.iter().map(|m| Group {
        subject: AttachmentSubject::Measure,
        of: m.id.clone(),
        title: fill(p.measure, &[&m.content]),
    }));
    out
}

/// The Photos section of household `h`.
#[component]
pub fn Photos(h: Household) -> impl IntoView {
    let i18n = use_i18n();
    let notes = use_notes();
    // What the phone holds of each picture: waiting to upload, or refused with the reason.
    // Read again when a sync ends (its uploads change them).
    let busy = use_sync().busy;
    let entries = LocalResource::new(move || {
        busy.track();
        async { store::entries().await.unwrap_or_default() }
    });
    let hid = h.id.0.clone();
    let view_hid = hid.clone();
    move || {
        let lang = i18n.lang();
        let p = lang.photos();
        let list = groups(&h, lang)
            .into_iter()
            .map(|g| {
                let shown: Vec<Attachment> = h
                    .attachments
                    .iter()
                    .filter(|a| a.subject == g.subject && a.of == g.of)
                    .cloned()
                    .collect();
                view! { <PhotoGroup hid=hid.clone() group=g shown entries/> }
            })
            .collect_view();
        let full_hid = view_hid.clone();
        view! {
            <section class="card-section photos no-print" data-testid="photos">
                <header><h3>{p.section}</h3></header>
                {list}
                {move || notes.open.get().map(|id| view! {
                    <div class="photo-full" role="dialog" data-testid="photo-full">
                        <AttachmentImage household_id=full_hid.clone() id/>
                        <button type="button" on:click=move |_| notes.open.set(None)>{p.close}</button>
                    </div>
                })}
            </section>
        }
    }
}

#[component]
fn PhotoGroup(
    hid: String,
    group: Group,
    shown: Vec<Attachment>,
    entries: LocalResource<Vec<Entry>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let notes = use_notes();
    let key = group.key();
    let target = (key.clone(), group.subject, group.of.clone());
    let testid = format!("photos-{key}");
    let status_key = key.clone();
    move || {
        let p = i18n.lang().photos();
        let lang = i18n.lang();
        let thumbs = shown
            .iter()
            .map(|a| {
                let (id, thumb) = (a.id.clone(), a.thumb.clone().unwrap_or_else(|| a.id.clone()));
                let state_of = entries
                    .get()
                    .and_then(|all| all.iter().find(|e| e.sha == id).cloned());
                let note = match state_of {
                    Some(Entry { refused: Some(why), .. }) => Some(fill(p.refused, &[&refusal_in(&why, lang)])),
                    Some(Entry { uploaded: false, .. }) => Some(p.waiting.to_string()),
                    _ => None,
                };
                let open_id = id.clone();
                view! {
                    <li data-testid="photo" data-id=id.clone()>
                        <button type="button" class="photo-thumb" on:click=move |_| notes.open.set(Some(open_id.clone()))>
                            <AttachmentImage household_id=hid.clone() id=thumb thumb=true/>
                        </button>
                        {note.map(|n| view! { <span class="meta" data-testid="photo-note">{n}</span> })}
                    </li>
                }
            })
            .collect_view();
        let k = status_key.clone();
        let status = move || {
            if notes.busy.get().as_deref() == Some(k.as_str()) {
                return Some(
                    view! { <p role="status" data-testid="photo-busy">{p.processing}</p> }
                        .into_any(),
                );
            }
            match notes.last.get() {
                Some((g, Ok(ms))) if g == k => Some(
                    view! { <p class="ok-box" role="status" data-testid="photo-saved" data-ms=format!("{ms:.0}")>{p.saved}</p> }
                        .into_any(),
                ),
                Some((g, Err(why))) if g == k => Some(
                    view! { <p class="problem error" role="alert" data-testid="photo-error">{why}</p> }.into_any(),
                ),
                _ => None,
            }
        };
        view! {
            <div class="photo-group" data-testid=testid.clone()>
                <h4>{group.title.clone()}</h4>
                {if shown.is_empty() {
                    view! { <p class="muted">{p.none}</p> }.into_any()
                } else {
                    view! { <ul class="photo-list">{thumbs}</ul> }.into_any()
                }}
                <label class="button secondary add-photo" for=INPUT_ID data-testid="photo-add"
                    on:click={let target = target.clone(); move |_| notes.target.set(Some(target.clone()))}>{p.add}</label>
                {status}
            </div>
        }
    }
}

/// The one file input of the card's 添加照片 labels.
const INPUT_ID: &str = "photo-input";

/// The file input every 添加照片 label opens (the camera or the gallery). It lives with the
/// page, outside the card: a sync that redraws the card while the worker is in the camera app
/// must not take away the input the chosen photo arrives at.
#[component]
pub fn PhotoInput(hid: String) -> impl IntoView {
    let i18n = use_i18n();
    let notes = use_notes();
    let state = use_app_state();
    let session = use_sync().session;
    let on_change = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let file = input.files().and_then(|f| f.get(0));
        // The same photo may be chosen again after a refusal.
        input.set_value("");
        let (Some(file), Some((key, subject, of))) = (file, notes.target.get_untracked()) else {
            return;
        };
        let by = session
            .with_untracked(|s| s.as_ref().map(|s| s.account.username.clone()))
            .unwrap_or_default();
        let (hid, lang) = (hid.clone(), i18n.lang());
        notes.busy.set(Some(key.clone()));
        leptos::task::spawn_local(async move {
            let started = js_sys::Date::now();
            let outcome = add_photo(state, &hid, &file, subject, of, by, lang).await;
            let took = js_sys::Date::now() - started;
            notes.busy.set(None);
            notes.last.set(Some((key, outcome.map(|()| took))));
        });
    };
    view! {
        <input id=INPUT_ID class="visually-hidden no-print" type="file" accept="image/*" capture="environment"
            data-testid="photo-input" on:change=on_change/>
    }
}

/// Keeps `file` as a photo of household `hid`, then adds it to the record as it is stored now
/// and saves that. The record comes first: a photo over a budget is refused with nothing saved,
/// and the visit or the house it shows stays as it was.
async fn add_photo(
    state: AppState,
    hid: &str,
    file: &web_sys::File,
    subject: AttachmentSubject,
    of: String,
    by: String,
    lang: Lang,
) -> Result<(), String> {
    let taken_at =
        chrono::DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default();
    let gps = allowed_position().await;
    let kept = keep_photo(hid, file)
        .await
        .map_err(|e: KeepError| e.message(lang))?;
    let store = state
        .store()
        .ok_or_else(|| StorageError::Unavailable.message(lang.strings()))?;
    let save_failed =
        |e: StorageError| fill(lang.photos().save_failed, &[&e.message(lang.strings())]);
    let stored = store
        .load(hid)
        .await
        .map_err(save_failed)?
        .ok_or_else(|| save_failed(StorageError::Unreadable(hid.to_string())))?;
    let mut h = stored.household;
    // The same bytes are one attachment: chosen again (for another subject too), it is said.
    if h.attachments.iter().any(|a| a.id == kept.id) {
        return Err(lang.photos().already.to_string());
    }
    h.attachments.push(Attachment {
        id: kept.id,
        subject,
        of,
        content_type: "image/jpeg".into(),
        bytes: kept.bytes,
        width: kept.width,
        height: kept.height,
        thumb: kept.thumb,
        taken_at,
        gps,
        by,
    });
    save_edits(state, vec![(h, Some(stored.local_rev))])
        .await
        .map(drop)
        .map_err(save_failed)
}
