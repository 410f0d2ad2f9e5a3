"""News text: headings, lists and links come through; scripts, styles, images and javascript: links do not."""

from onboarding.news.markdown import plain_excerpt, render_markdown


def test_headings_lists_and_links_are_kept_with_headings_below_the_pages_own():
    html = render_markdown("## Plan\n\n### Detalj\n\n- ett\n- två\n\n[Riksarkivet](https://riksarkivet.se/)")
    assert "<h2>Plan</h2>" in html and "<h3>Detalj</h3>" in html
    assert "<ul>\n<li>ett</li>" in html
    assert '<a href="https://riksarkivet.se/" rel="noopener noreferrer">Riksarkivet</a>' in html
    assert "<h3>Plan</h3>" in render_markdown("# Plan", top=3)


def test_html_scripts_and_dangerous_links_never_reach_the_page():
    html = render_markdown(
        '<script>alert(1)</script>\n\n<img src="https://evil.example/x.png">\n\n'
        "[klicka](javascript:alert(1)) ![bild](https://evil.example/y.png)\n\n"
        '<a href="https://evil.example" onclick="x()">a</a>'
    )
    assert "<script" not in html and "<img" not in html and '<a href="https://evil.example"' not in html
    assert 'href="javascript' not in html
    assert "&lt;script&gt;" in html and "&lt;a href" in html  # shown as text, not run


def test_excerpt_is_plain_text():
    assert plain_excerpt("## Rubrik\n\nHej & *välkommen*") == "Rubrik Hej & välkommen"
    assert plain_excerpt("ord " * 100).endswith("…")
