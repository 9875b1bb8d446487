"""The Dojo channel: Yjs sync and awareness over a websocket, chat, rotation and signalling."""
