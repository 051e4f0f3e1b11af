"""The JSON API (``/api``) and the downloads (``/download``), mounted by ``onrecord.server``."""

from onrecord.api.downloads import router as downloads_router
from onrecord.api.routes import router as api_router

__all__ = ["api_router", "downloads_router"]
