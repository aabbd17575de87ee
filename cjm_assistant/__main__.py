from cjm_assistant.cli import main

raise SystemExit(main())
