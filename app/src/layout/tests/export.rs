//! The exported SVG is a well-formed document naming every container; zoom and pan arithmetic;
//! the fitted view.

use super::super::{export_svg, Point, ScreenTransform, ViewBox};
use super::checks::lay;
use super::fixtures::{add_container, big, classroom};
use super::xml;

#[test]
fn the_export_is_well_formed_and_names_every_container() {
    let topology = classroom();
    let svg = export_svg(&lay(&topology));
    let elements = xml::check(&svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
    assert_eq!(elements.first().map(String::as_str), Some("svg"));
    assert!(elements.iter().any(|e| e == "polyline"));
    for container in topology.containers.values() {
        assert!(
            svg.contains(&format!(">{}<", container.name)),
            "{} missing",
            container.name
        );
    }
    assert!(
        svg.contains("172.18.0.3 -&gt; 172.18.0.5"),
        "the change, escaped"
    );
    assert!(
        svg.contains("stroke-dasharray=\"8 6\""),
        "the unknown veth is dashed"
    );
}

#[test]
fn awkward_names_are_escaped() {
    let mut topology = classroom();
    add_container(
        &mut topology,
        "c-odd",
        "a&b<c>\"'",
        &[("n-app", "172.18.0.77")],
    );
    let svg = export_svg(&lay(&topology));
    xml::check(&svg).unwrap_or_else(|e| panic!("{e}"));
    assert!(svg.contains("a&amp;b&lt;c&gt;&quot;&apos;"));
}

#[test]
fn a_big_export_is_well_formed() {
    let svg = export_svg(&lay(&big(120, 4)));
    let elements = xml::check(&svg).unwrap_or_else(|e| panic!("{e}"));
    assert!(elements.len() > 1000);
}

#[test]
fn the_checker_rejects_broken_documents() {
    assert!(xml::check("<svg><g></svg>").is_err());
    assert!(xml::check("<svg a=b/>").is_err());
    assert!(xml::check("<svg>a & b</svg>").is_err());
    assert!(xml::check("<svg/><svg/>").is_err());
    assert!(xml::check("<svg><text x=\"1\">ok &amp; fine</text></svg>").is_ok());
    assert!(xml::check("<svg><text>&nbsp;</text></svg>").is_err());
    assert!(xml::check("<svg xmlns:a=\"urn:a\"><b:text/></svg>").is_err());
}

#[test]
fn the_checker_takes_legal_markup() {
    // All legal XML: '>' in text and in a value, single quotes, a comment, a hex character
    // reference, CDATA, a processing instruction and an XML declaration.
    let doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
               <svg xmlns=\"http://www.w3.org/2000/svg\"><!-- a > b -->\
               <text x='1' data-arrow=\"a -> b\">10.0.0.2 -> 10.0.0.3 &#x2192; ok</text>\
               <text><![CDATA[a < b & c]]></text><?keep this?></svg>";
    assert_eq!(
        xml::check(doc),
        Ok(vec![
            "svg".to_string(),
            "text".to_string(),
            "text".to_string()
        ])
    );
}

#[test]
fn zooming_keeps_the_point_under_the_pointer() {
    let view = ViewBox {
        x: 0.0,
        y: 0.0,
        w: 1600.0,
        h: 900.0,
    };
    let (el_w, el_h) = (1280.0, 720.0);
    let under = view.to_layout(300.0, 200.0, el_w, el_h);
    let zoomed = view.zoom(0.5, under);
    let after = zoomed.to_layout(300.0, 200.0, el_w, el_h);
    assert!((after.x - under.x).abs() < 1e-9 && (after.y - under.y).abs() < 1e-9);
    assert_eq!(zoomed.w, 800.0);
    let centre = view.to_layout(640.0, 360.0, el_w, el_h);
    assert_eq!(centre, Point::new(800.0, 450.0));
}

#[test]
fn zoom_is_bounded_and_pan_follows_the_drag() {
    let view = ViewBox {
        x: 0.0,
        y: 0.0,
        w: 1280.0,
        h: 720.0,
    };
    assert_eq!(view.zoom_centre(0.001).w, super::super::viewbox::MIN_WIDTH);
    let panned = view.pan(100.0, -50.0, 640.0, 360.0);
    assert_eq!(
        (panned.x, panned.y),
        (-200.0, 100.0),
        "2 layout px per screen px"
    );
    assert_eq!(view.attr(), "0 0 1280 720");
}

#[test]
fn the_fitted_view_holds_the_layout_and_changes_only_in_steps() {
    use crate::layout::{layout, viewbox::FIT_STEP, LayoutMemory, LayoutOptions};
    let mut memory = LayoutMemory::default();
    let mut views = Vec::new();
    // One container at a time, from 250 to 300: the diagram grows by a fifth.
    for count in 250..=300 {
        let (layout, next) = layout(&big(count, 2), &memory, &LayoutOptions::default());
        memory = next;
        let view = ViewBox::fit(&layout);
        assert!(
            view.w >= layout.width && view.h >= layout.height,
            "{count}: cut off"
        );
        assert!(
            view.w <= layout.width * FIT_STEP + 1e-6 && view.h <= layout.height * FIT_STEP + 1e-6,
            "{count}: more than one step of room"
        );
        views.push(view);
    }
    let changes = views.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(
        changes <= 4,
        "the view changed {changes} times over 50 new containers"
    );
}

#[test]
fn a_screen_transform_shows_the_target_view_over_the_drawn_one() {
    let drawn = ViewBox {
        x: 0.0,
        y: 0.0,
        w: 1331.0,
        h: 732.0,
    };
    let grown = ViewBox {
        x: 0.0,
        y: 0.0,
        w: 1464.1,
        h: 1100.0,
    };
    let panned = ViewBox {
        x: -300.0,
        y: 120.0,
        w: 900.0,
        h: 400.0,
    };
    let points = [
        Point::new(0.0, 0.0),
        Point::new(1331.0, 732.0),
        Point::new(640.5, 97.25),
        Point::new(-50.0, 1500.0),
    ];
    for (el_w, el_h) in [(1280.0, 720.0), (700.0, 900.0), (1.0, 1.0)] {
        for (from, to) in [
            (drawn, grown),
            (grown, drawn),
            (drawn, panned),
            (panned, grown),
        ] {
            let transform = from.onto(&to, el_w, el_h).expect("a sized element");
            for p in points {
                let shown = transform.apply(from.to_screen(p, el_w, el_h));
                let wanted = to.to_screen(p, el_w, el_h);
                assert!(
                    (shown.x - wanted.x).abs() < 1e-6 && (shown.y - wanted.y).abs() < 1e-6,
                    "{p:?} on {el_w}x{el_h}: {shown:?}, not {wanted:?}"
                );
            }
            assert!(!transform.is_identity(el_w, el_h));
        }
        let same = drawn.onto(&drawn, el_w, el_h).expect("a sized element");
        assert!(same.is_identity(el_w, el_h), "{same:?}");
        let under = drawn.to_layout(100.0, 50.0, el_w, el_h);
        let back = drawn.to_screen(under, el_w, el_h);
        assert!((back.x - 100.0).abs() < 1e-9 && (back.y - 50.0).abs() < 1e-9);
    }
    assert_eq!(
        drawn.onto(&grown, 0.0, 720.0),
        None,
        "no size, no transform"
    );
    let halved = ScreenTransform {
        scale: 0.5,
        dx: 10.0,
        dy: -2.5,
    };
    assert_eq!(
        halved.css(),
        "matrix(0.500000, 0, 0, 0.500000, 10.000, -2.500)"
    );
}
