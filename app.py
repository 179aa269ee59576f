"""Start the mtedit review page with the default config: `python app.py` (http://127.0.0.1:7860)."""

from __future__ import annotations

import os

if __name__ == "__main__":
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from mtedit.config import load_config
    from mtedit.store import ReviewStore
    from mtedit.ui.app import launch

    config = load_config()
    launch(config, ReviewStore(config.store), host=os.environ.get("MTEDIT_HOST", "127.0.0.1"))
