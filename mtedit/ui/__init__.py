"""The review web page (Gradio) and its commands; gradio is imported only by `mtedit.ui.app`."""
