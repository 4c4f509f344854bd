# cwe: CWE-79
from jinja2 import Environment, FileSystemLoader

env = Environment(loader=FileSystemLoader("templates"), autoescape=False)


def render_profile(user):
    template = env.get_template("profile.html")
    return template.render(name=user.display_name, bio=user.bio)
