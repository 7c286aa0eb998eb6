//! A chosen photo made fit for a phone and a village connection: decoded with its EXIF
//! orientation applied, drawn on a canvas at most 1280 px on its long edge, encoded as JPEG at
//! falling quality until it is at most 300 KB, and a 320 px thumbnail beside it. Encoding anew
//! from the pixels drops every piece of the original's metadata (the camera's EXIF, its GPS);
//! the time and place that matter are kept as data in the record instead.
use js_sys::{Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The long edge of a stored photo, in pixels.
pub const LONG_EDGE: u32 = 1280;
/// The long edge of a thumbnail.
pub const THUMB_EDGE: u32 = 320;
/// A photo's target size: a village connection sends it in seconds.
pub const TARGET_BYTES: f64 = 300.0 * 1024.0;
/// JPEG qualities tried in turn; a photo still too large at the last one is made smaller.
const QUALITIES: [f64; 5] = [0.8, 0.7, 0.6, 0.5, 0.4];

/// One encoded picture.
pub struct Encoded {
    pub blob: web_sys::Blob,
    pub sha: String,
    pub width: u32,
    pub height: u32,
}

/// A processed photo and its thumbnail.
pub struct Processed {
    pub photo: Encoded,
    pub thumb: Encoded,
}

fn js_text(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

/// `width` × `height` scaled so that the long edge is at most `edge` (never enlarged).
pub fn fit(width: u32, height: u32, edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= edge || long == 0 {
        return (width.max(1), height.max(1));
    }
    let scale = f64::from(edge) / f64::from(long);
    let w = (f64::from(width) * scale).round().max(1.0) as u32;
    let h = (f64::from(height) * scale).round().max(1.0) as u32;
    (w, h)
}

/// Processes `file` (a JPEG, PNG, HEIC where the browser decodes it…) as the module says.
pub async fn process(file: &web_sys::Blob) -> Result<Processed, String> {
    let window = web_sys::window().ok_or("no window")?;
    let options = web_sys::ImageBitmapOptions::new();
    // The camera's EXIF orientation: a phone held upright gives an upright picture.
    options.set_image_orientation(web_sys::ImageOrientation::FromImage);
    let bitmap: web_sys::ImageBitmap = JsFuture::from(
        window
            .create_image_bitmap_with_blob_and_image_bitmap_options(file, &options)
            .map_err(js_text)?,
    )
    .await
    .map_err(js_text)?
    .dyn_into()
    .map_err(js_text)?;
    let (w0, h0) = (bitmap.width(), bitmap.height());
    let mut edge = LONG_EDGE;
    let photo = loop {
        let (w, h) = fit(w0, h0, edge);
        let canvas = draw(&bitmap, w, h)?;
        let mut last = None;
        for q in QUALITIES {
            let blob = to_jpeg(&canvas, q).await?;
            let small = blob.size() <= TARGET_BYTES;
            last = Some(blob);
            if small {
                break;
            }
        }
        let blob = last.ok_or("no encoding")?;
        // A picture of pure detail may stay large at every quality: smaller then, step by step.
        if blob.size() <= TARGET_BYTES || edge <= THUMB_EDGE * 2 {
            break (blob, w, h);
        }
        edge = edge * 4 / 5;
    };
    let (tw, th) = fit(w0, h0, THUMB_EDGE);
    let thumb = to_jpeg(&draw(&bitmap, tw, th)?, 0.7).await?;
    bitmap.close();
    Ok(Processed {
        photo: Encoded {
            sha: sha256_of(&photo.0).await?,
            blob: photo.0,
            width: photo.1,
            height: photo.2,
        },
        thumb: Encoded {
            sha: sha256_of(&thumb).await?,
            blob: thumb,
            width: tw,
            height: th,
        },
    })
}

/// A canvas of `w` × `h` with `bitmap` drawn on it, smoothed for a downscale.
fn draw(
    bitmap: &web_sys::ImageBitmap,
    w: u32,
    h: u32,
) -> Result<web_sys::HtmlCanvasElement, String> {
    let canvas: web_sys::HtmlCanvasElement = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?
        .create_element("canvas")
        .map_err(js_text)?
        .dyn_into()
        .map_err(|_| "not a canvas")?;
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(js_text)?
        .ok_or("no 2d canvas")?
        .dyn_into()
        .map_err(|_| "no 2d canvas")?;
    let _ = Reflect::set(&ctx, &"imageSmoothingQuality".into(), &"high".into());
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, f64::from(w), f64::from(h))
        .map_err(js_text)?;
    Ok(canvas)
}

/// The canvas as a JPEG at `quality` (0–1), through `toBlob`.
async fn to_jpeg(
    canvas: &web_sys::HtmlCanvasElement,
    quality: f64,
) -> Result<web_sys::Blob, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        if let Err(e) = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(quality),
        ) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    let value = JsFuture::from(promise).await.map_err(js_text)?;
    // `toBlob` answers null when the canvas could not be encoded (out of memory).
    value
        .dyn_into::<web_sys::Blob>()
        .map_err(|_| "the photo could not be encoded".to_string())
}

/// The SHA-256 of `blob`'s bytes, as 64 lower-case hex digits.
pub async fn sha256_of(blob: &web_sys::Blob) -> Result<String, String> {
    let buffer = JsFuture::from(blob.array_buffer()).await.map_err(js_text)?;
    let subtle = web_sys::window()
        .ok_or("no window")?
        .crypto()
        .map_err(js_text)?
        .subtle();
    let digest = JsFuture::from(
        subtle
            .digest_with_str_and_buffer_source("SHA-256", buffer.unchecked_ref())
            .map_err(js_text)?,
    )
    .await
    .map_err(js_text)?;
    let bytes = js_sys::Uint8Array::new(&digest).to_vec();
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn a_large_photo_is_fitted_to_its_long_edge_and_a_small_one_is_kept() {
        assert_eq!(fit(4000, 3000, 1280), (1280, 960));
        assert_eq!(fit(3000, 4000, 1280), (960, 1280));
        assert_eq!(fit(800, 600, 1280), (800, 600));
        assert_eq!(fit(4000, 3000, 320), (320, 240));
    }
}
