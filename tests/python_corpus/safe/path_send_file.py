from flask import Flask, abort, request, send_from_directory

app = Flask(__name__)
UPLOAD_FOLDER = "/srv/app/uploads"


@app.route("/download")
def download():
    filename = request.args.get("file")
    if not filename:
        abort(400)
    return send_from_directory(UPLOAD_FOLDER, filename, as_attachment=True)
