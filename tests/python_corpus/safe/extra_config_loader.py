import os
import xml.etree.ElementTree as ET

import yaml

CONFIG_DIR = os.path.join(os.path.dirname(__file__), "config")


def load_settings():
    with open(os.path.join(CONFIG_DIR, "settings.yaml")) as f:
        settings = yaml.safe_load(f)
    tree = ET.parse(os.path.join(CONFIG_DIR, "logging.xml"))
    settings["log_level"] = tree.getroot().findtext("level", "INFO")
    return settings
