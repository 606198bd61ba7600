"""The Roadmap screen: plan switcher, stage/item tree, timeline tab, and the commands behind it."""
