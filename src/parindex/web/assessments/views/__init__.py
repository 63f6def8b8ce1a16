"""Assessment pages: the self-assessment, the workflow, appeals and campaigns."""
