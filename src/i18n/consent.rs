//! The text of the 承诺授权书 on the card and of the signature pad, one catalogue per language.
//! The consent's own wording is policy data (the domain's consent texts), and its field names
//! (签字人, 见证人 …) come from `shouwang_domain::labels`; neither is here.

/// The consent section's and the pad's text in one language; `{}` takes arguments through
/// [`super::fill`].
#[derive(Debug)]
pub struct ConsentStrings {
    pub sign: &'static str,
    pub unsigned: &'static str,
    pub version: &'static str,
    pub no_text: &'static str,
    pub head_signs: &'static str,
    pub proxy_hint: &'static str,
    pub pad_label: &'static str,
    pub pad_hint: &'static str,
    pub clear: &'static str,
    pub confirm: &'static str,
    pub confirmed: &'static str,
    pub empty: &'static str,
    pub export_failed: &'static str,
    pub confirm_first: &'static str,
    pub signer_missing: &'static str,
    pub saving: &'static str,
    pub saved: &'static str,
    pub save_failed: &'static str,
}

pub static ZH_CN: ConsentStrings = ConsentStrings {
    sign: "签署",
    unsigned: "尚未签署。入户核实时请户主（或代签人）阅读并签署，否则不能提交村级民主评议。",
    version: "第 {} 版",
    no_text: "政策中没有本地在用的承诺授权书文本，请联系乡镇管理员",
    head_signs: "户主本人签署",
    proxy_hint: "代签时请填写代签人姓名并选择其与户主关系",
    pad_label: "签名区",
    pad_hint: "请在框内用手指签名",
    clear: "清除",
    confirm: "确认",
    confirmed: "签名已确认",
    empty: "还没有签名，请在框内签名后再确认",
    export_failed: "签名未能生成图片：{}",
    confirm_first: "请先在签名区签名并点“确认”",
    signer_missing: "请填写签字人姓名",
    saving: "正在保存…",
    saved: "承诺授权书已保存",
    save_failed: "承诺授权书未保存：{}",
};

pub static EN: ConsentStrings = ConsentStrings {
    sign: "Sign",
    unsigned: "Not signed yet. At the home check, have the head (or a proxy) read and sign it: without it the village review cannot be proposed.",
    version: "version {}",
    no_text: "The policy has no consent text in force here: ask the township administrator",
    head_signs: "Signed by the head",
    proxy_hint: "When a proxy signs, enter the proxy's name and choose the relation to the head",
    pad_label: "Signature area",
    pad_hint: "Sign with a finger inside the box",
    clear: "Clear",
    confirm: "Confirm",
    confirmed: "Signature confirmed",
    empty: "There is no signature yet: sign inside the box, then confirm",
    export_failed: "The signature could not be made into a picture: {}",
    confirm_first: "Sign in the signature area and tap Confirm first",
    signer_missing: "Enter the signer's name",
    saving: "Saving…",
    saved: "Consent saved",
    save_failed: "The consent was not saved: {}",
};
