"""Forms of the assessment pages: inputs, workflow steps, campaigns."""
