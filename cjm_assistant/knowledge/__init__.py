"""What cjm knows about businesses, stages, channels, pain points and opportunities (the TOML files in
``data/``), and the matching that reads free text against it. Used by the playbook engine, the evidence
import and the future state; it knows nothing of engines or the store."""
