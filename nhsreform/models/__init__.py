"""The course's stylised models: one module per model, each a pure, seeded simulation."""
