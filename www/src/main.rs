//! Mounts the app in `#app`, replacing the loading message.

fn main() {
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            root.set_text_content(None);
            yew::Renderer::<dmarc_lens_www::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<dmarc_lens_www::App>::new().render();
        }
    }
}
