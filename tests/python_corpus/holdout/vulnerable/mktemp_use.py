# cwe: CWE-377
import subprocess
import tempfile


def render_pdf(html):
    tmp_html = tempfile.mktemp(suffix=".html")
    with open(tmp_html, "w") as f:
        f.write(html)
    subprocess.run(["wkhtmltopdf", tmp_html, tmp_html + ".pdf"], check=True)
    return tmp_html + ".pdf"
