//! A signature drawn with a finger or a pen on a `<canvas>`, exported as a PNG.
//!
//! Pointer events cover touch, pen and mouse alike; the pointer is captured on `pointerdown` so
//! a stroke that leaves the box still ends, and `touch-action: none` keeps the page from
//! scrolling under the finger. The canvas holds device pixels (CSS size × device pixel ratio, at
//! most 2 — enough for a legible signature, small enough to keep the PNG a few KB), and is
//! painted white first so the picture reads on any background.
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent};

use crate::i18n::{fill, use_i18n};

/// A confirmed signature: the PNG and its size.
#[derive(Clone, Debug)]
pub struct Signature {
    pub blob: Blob,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

/// The pad's CSS height; the width follows the screen.
const HEIGHT_CSS: f64 = 200.0;

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Sizes the canvas to its box in device pixels and paints it white (which also clears it).
fn reset(canvas: &HtmlCanvasElement) {
    let ratio = window().device_pixel_ratio().clamp(1.0, 2.0);
    let width = f64::from(canvas.client_width().max(1));
    canvas.set_width((width * ratio).round() as u32);
    canvas.set_height((HEIGHT_CSS * ratio).round() as u32);
    if let Some(ctx) = context(canvas) {
        // Drawing happens in CSS pixels, as the pointer reports them.
        let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, 0.0, 0.0);
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, width, HEIGHT_CSS);
        ctx.set_stroke_style_str("#111111");
        ctx.set_line_width(2.5);
        ctx.set_line_cap("round");
        ctx.set_line_join("round");
    }
}

/// The canvas as a PNG (the browser's `toBlob`, which does not block the page).
async fn png(canvas: &HtmlCanvasElement) -> Result<Blob, String> {
    let canvas = canvas.clone();
    let promise = js_sys::Promise::new(&mut |resolve, reject| {
        let done = wasm_bindgen::closure::Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(e) = canvas.to_blob_with_type(done.unchecked_ref(), "image/png") {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    let value = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(|e| format!("{e:?}"))?;
    // toBlob answers null when the canvas cannot be encoded.
    value
        .dyn_into::<Blob>()
        .map_err(|_| "toBlob returned no picture".to_string())
}

/// The pad with 清除 and 确认. `on_confirm` hears the PNG of a non-empty signature; `on_change`
/// hears that the signature changed after a confirm (a new stroke, or 清除), so what was
/// confirmed no longer stands.
#[component]
pub fn SignaturePad(
    on_confirm: Callback<Signature>,
    on_change: Callback<()>,
    /// The id of the canvas, for a `<label for>`.
    #[prop(into)]
    id: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let drawing = RwSignal::new(false);
    let inked = RwSignal::new(false);
    let confirmed = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if let Some(c) = canvas_ref.get() {
            reset(&c);
        }
    });
    let point = |ev: &PointerEvent| (f64::from(ev.offset_x()), f64::from(ev.offset_y()));
    let changed = move || {
        problem.set(None);
        if confirmed.get_untracked() {
            confirmed.set(false);
            on_change.run(());
        }
    };
    let down = move |ev: PointerEvent| {
        let Some(c) = canvas_ref.get_untracked() else {
            return;
        };
        ev.prevent_default();
        let _ = c.set_pointer_capture(ev.pointer_id());
        let Some(ctx) = context(&c) else { return };
        let (x, y) = point(&ev);
        ctx.begin_path();
        ctx.move_to(x, y);
        // A tap leaves a dot.
        ctx.line_to(x + 0.1, y + 0.1);
        ctx.stroke();
        drawing.set(true);
        inked.set(true);
        changed();
    };
    let moved = move |ev: PointerEvent| {
        if !drawing.get_untracked() {
            return;
        }
        let Some(ctx) = canvas_ref.get_untracked().and_then(|c| context(&c)) else {
            return;
        };
        let (x, y) = point(&ev);
        ctx.line_to(x, y);
        ctx.stroke();
    };
    let up = move |_: PointerEvent| drawing.set(false);
    let clear = move |_| {
        if let Some(c) = canvas_ref.get_untracked() {
            reset(&c);
        }
        inked.set(false);
        changed();
    };
    let confirm = move |_| {
        let lang = i18n.lang();
        if !inked.get_untracked() {
            problem.set(Some(lang.consent().empty.to_string()));
            return;
        }
        let Some(c) = canvas_ref.get_untracked() else {
            return;
        };
        let c: HtmlCanvasElement = c.clone();
        leptos::task::spawn_local(async move {
            match png(&c).await {
                Ok(blob) => {
                    let signature = Signature {
                        bytes: blob.size() as u64,
                        blob,
                        width: c.width(),
                        height: c.height(),
                    };
                    confirmed.set(true);
                    problem.set(None);
                    on_confirm.run(signature);
                }
                Err(e) => problem.set(Some(fill(lang.consent().export_failed, &[&e]))),
            }
        });
    };
    view! {
        <div class="signature-pad" data-testid="signature-pad">
            <canvas node_ref=canvas_ref id=id class="signature-canvas" data-testid="signature-canvas"
                style=format!("touch-action: none; width: 100%; height: {HEIGHT_CSS}px;")
                aria-label=move || i18n.lang().consent().pad_hint
                on:pointerdown=down on:pointermove=moved on:pointerup=up on:pointercancel=up></canvas>
            <div class="actions">
                <button type="button" class="secondary tap" data-testid="signature-clear" on:click=clear>
                    {move || i18n.lang().consent().clear}
                </button>
                <button type="button" class="tap" data-testid="signature-confirm" on:click=confirm>
                    {move || i18n.lang().consent().confirm}
                </button>
            </div>
            {move || confirmed.get().then(|| view! {
                <p class="ok-box" role="status" data-testid="signature-confirmed">{i18n.lang().consent().confirmed}</p>
            })}
            {move || problem.get().map(|p| view! {
                <p class="problem error" role="alert" data-testid="signature-problem">{p}</p>
            })}
        </div>
    }
}
