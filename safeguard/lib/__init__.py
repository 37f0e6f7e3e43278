"""Domain-free tools any app may use (the lowest floor): they import no app."""
