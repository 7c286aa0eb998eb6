//! The text of photos on the phone (the card's 照片 section, the storage panel, the messages of
//! a full budget or a refused upload), one catalogue per language, apart from [`super::Strings`]
//! so the field form's catalogue does not grow with the pictures.

/// The photos' text in one language; `{}` takes arguments through [`super::fill`].
#[derive(Debug)]
pub struct PhotoStrings {
    pub section: &'static str,
    pub housing: &'static str,
    pub water: &'static str,
    /// A visit's photos: its date.
    pub visit: &'static str,
    pub measure: &'static str,
    pub add: &'static str,
    pub none: &'static str,
    pub processing: &'static str,
    pub saved: &'static str,
    /// The household's budget is used up: the number allowed.
    pub household_full: &'static str,
    /// The device's budget is used up: the space allowed.
    pub device_full: &'static str,
    pub quota: &'static str,
    /// A photo that could not be read or re-encoded: the browser's words.
    pub unreadable: &'static str,
    /// The photo was stored but the record could not be saved: the reason.
    pub save_failed: &'static str,
    /// The same picture is already one of the household's.
    pub already: &'static str,
    pub waiting: &'static str,
    /// The server refused the photo: its words.
    pub refused: &'static str,
    pub loading: &'static str,
    pub not_here: &'static str,
    pub alt: &'static str,
    pub close: &'static str,
    pub panel_title: &'static str,
    /// Photos on the device: count, bytes, waiting to upload.
    pub panel_counts: &'static str,
    pub panel_none: &'static str,
    /// The office's download of one village's pictures as a ZIP.
    pub zip_title: &'static str,
    pub zip_village: &'static str,
    pub zip_download: &'static str,
    pub zip_no_villages: &'static str,
}

pub static ZH_CN: PhotoStrings = PhotoStrings {
    section: "照片",
    housing: "住房",
    water: "饮水",
    visit: "走访 {}",
    measure: "帮扶措施 {}",
    add: "添加照片",
    none: "还没有照片",
    processing: "正在处理照片…",
    saved: "照片已保存",
    household_full: "这户已有 {} 张照片，不能再添加。记录已保存，这张照片没有保存。",
    device_full: "手机上的照片已占满 {}。记录已保存，这张照片没有保存。",
    quota: "手机存储空间已满。记录已保存，这张照片没有保存：请清理手机空间后再试。",
    unreadable: "这张照片无法读取，请换一张或重新拍摄（{}）",
    save_failed: "照片已存在手机上，但记录未能保存：{}",
    already: "这张照片已经添加过了",
    waiting: "等待上传",
    refused: "服务器未接收这张照片：{}",
    loading: "正在载入照片…",
    not_here: "照片不在这台手机上，联网后可查看",
    alt: "照片",
    close: "关闭",
    panel_title: "照片",
    panel_counts: "{} 张照片，共 {}；{} 张等待上传",
    panel_none: "手机上没有照片",
    zip_title: "照片和签名",
    zip_village: "村",
    zip_download: "下载本村照片（ZIP）",
    zip_no_villages: "这台设备上还没有村的户",
};

pub static EN: PhotoStrings = PhotoStrings {
    section: "Photos",
    housing: "Housing",
    water: "Drinking water",
    visit: "Visit {}",
    measure: "Measure {}",
    add: "Add a photo",
    none: "No photos yet",
    processing: "Processing the photo…",
    saved: "Photo saved",
    household_full: "This household already has {} photos: no more can be added. The record is saved; this photo is not.",
    device_full: "Photos on this phone have filled the {} they may take. The record is saved; this photo is not.",
    quota: "The phone's storage is full. The record is saved; this photo is not: free some space on the phone and try again.",
    unreadable: "This photo could not be read: choose another or take it again ({})",
    save_failed: "The photo is on the phone but the record could not be saved: {}",
    already: "This photo has been added already",
    waiting: "Waiting to upload",
    refused: "The server did not accept this photo: {}",
    loading: "Loading the photo…",
    not_here: "The photo is not on this phone: it can be seen when online",
    alt: "Photo",
    close: "Close",
    panel_title: "Photos",
    panel_counts: "{} photos, {} in all; {} waiting to upload",
    panel_none: "No photos on this phone",
    zip_title: "Photos and signatures",
    zip_village: "Village",
    zip_download: "Download the village's photos (ZIP)",
    zip_no_villages: "No village's households are on this device yet",
};
