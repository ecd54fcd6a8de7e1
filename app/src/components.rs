//! Small building blocks shared by the pages.

use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::T;
use crate::session::use_lang;

/// An error, said in the reader's language, announced to screen readers.
#[component]
pub fn ErrorBox(error: AppError) -> impl IntoView {
    let lang = use_lang();
    let field = error.field().map(str::to_owned);
    view! {
        <div class="notice notice-error" role="alert" data-field=field>
            {error.message(lang)}
        </div>
    }
}

/// The outcome of a form's last submission: nothing yet, an error, or a short confirmation. A form posted without
/// JavaScript comes back to its page with the error (in the address) or with its success (in the flash).
#[component]
pub fn ActionOutcome<S>(action: ServerAction<S>, ok: T) -> impl IntoView
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let lang = use_lang();
    let done_before = crate::flash::succeeded(S::PATH);
    let value = action.value();
    move || match value.get() {
        None if done_before => {
            view! { <div class="notice notice-ok" role="status">{ok.in_lang(lang)}</div> }.into_any()
        }
        None => ().into_any(),
        Some(Ok(_)) => view! { <div class="notice notice-ok" role="status">{ok.in_lang(lang)}</div> }.into_any(),
        Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
    }
}

/// A submit button for a form whose answer takes a while (the server checks something far away): once the form
/// is sent it says so and cannot be pressed twice. An island, so that it can; without JavaScript it is a plain
/// submit button. A page shown again from the browser's history is not left waiting.
#[island]
pub fn SubmitButton(label: String, busy_label: String) -> impl IntoView {
    let busy = RwSignal::new(false);
    let button = NodeRef::<leptos::html::Button>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;
        let Some(form) = button.get().and_then(|b| b.form()) else { return };
        let on_submit = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if !ev.default_prevented() {
                busy.set(true);
            }
        });
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        on_submit.forget();
        let on_show = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| busy.set(false));
        if let Some(window) = web_sys::window() {
            let _ = window.add_event_listener_with_callback("pageshow", on_show.as_ref().unchecked_ref());
        }
        on_show.forget();
    });
    view! {
        <button type="submit" class="primary" node_ref=button
            disabled=move || busy.get() aria-busy=move || busy.get().to_string()>
            {move || if busy.get() { busy_label.clone() } else { label.clone() }}
        </button>
    }
}

/// What a list shows when it has nothing in it.
#[component]
pub fn Empty(text: T) -> impl IntoView {
    let lang = use_lang();
    view! { <p class="empty">{text.in_lang(lang)}</p> }
}

#[component]
pub fn Loading() -> impl IntoView {
    let lang = use_lang();
    view! { <p class="loading" aria-live="polite">{T::Loading.in_lang(lang)}</p> }
}

/// A labelled text input; the label is tied to the input for screen readers and clicks.
#[component]
pub fn Field(
    id: &'static str,
    name: &'static str,
    label: T,
    #[prop(optional, into)] value: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] required: bool,
    #[prop(optional)] maxlength: Option<usize>,
    #[prop(optional)] hint: Option<T>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] placeholder: Option<&'static str>,
    #[prop(optional)] list: Option<&'static str>,
) -> impl IntoView {
    let lang = use_lang();
    let hint_id = hint.map(|_| format!("{id}-hint"));
    // What was typed before a refused submission, unless it is a password.
    let value = if kind == "password" { value } else { crate::flash::kept(name, value) };
    view! {
        <div class="field">
            <label for=id>{label.in_lang(lang)}</label>
            <input
                id=id
                name=name
                type=kind
                value=value
                required=required
                maxlength=maxlength.map(|m| m.to_string())
                aria-describedby=hint_id.clone()
                autocomplete=autocomplete
                placeholder=placeholder
                list=list
            />
            {hint.map(|h| view! { <small id=hint_id.clone().unwrap_or_default()>{h.in_lang(lang)}</small> })}
        </div>
    }
}

/// Text made safe as the markup of an element whose content the browser reads as text (`<textarea>`, `<title>`).
///
/// Leptos renders the children of such elements on the server without escaping them, so user text placed there
/// as a child could close the element (`</textarea><script>…`). Give the escaped text as `inner_html` instead: the
/// browser decodes the entities back to the very text, on the server-rendered page and after client navigation.
pub fn text_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text_markup;

    #[test]
    fn text_markup_cannot_close_its_element() {
        let m = text_markup("</textarea><script>alert(1)</script> & \"q\" 'a'");
        assert!(!m.contains('<') && !m.contains('>'));
        assert_eq!(m, "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;a&#39;");
        assert_eq!(text_markup("plain text, è ü"), "plain text, è ü");
    }
}
