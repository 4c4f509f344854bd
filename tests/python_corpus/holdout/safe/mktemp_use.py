import subprocess
import tempfile


def render_pdf(html):
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as f:
        f.write(html)
        tmp_html = f.name
    subprocess.run(["wkhtmltopdf", tmp_html, tmp_html + ".pdf"], check=True)
    return tmp_html + ".pdf"
