//! The release binary embeds the built site (`target/site`, written by cargo-leptos). Make sure
//! the folder exists so a plain `cargo build` works before the first site build, and rebuild the
//! server whenever the site changes so the embedded copy is never stale.

fn main() {
    let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/site");
    if let Err(error) = std::fs::create_dir_all(&site) {
        println!("cargo:warning=cannot create {}: {error}", site.display());
    }
    println!("cargo:rerun-if-changed=../target/site");
    println!("cargo:rerun-if-changed=build.rs");
}
