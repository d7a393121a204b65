package facts

import "testing"

func TestAttribution(t *testing.T) {
	s, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		quote, speaker, attribution string
	}{
		{"quote-no-other-actor", "Lee Chung-hyun", "Lee Chung-hyun, casting interview"},
		{"quote-short-films", "Lee Chung-hyun", "Lee Chung-hyun, The Korea Herald"},
		{"quote-sayart-busan", "Blue YIM", "Blue YIM, Sayart.net"},
		{"quote-review-melancholy", "@thegenrejunkie", "@thegenrejunkie, genre review"},
		{"quote-herald-pink-and-red", "The Korea Herald", "The Korea Herald"},
		{"quote-feature-journey", "The feature article (2023-10-16)", "The feature article (2023-10-16)"},
		{"quote-casting-dating", "The casting interview", "The casting interview"},
	}
	for _, tt := range tests {
		q, ok := s.Quote(tt.quote)
		if !ok {
			t.Fatalf("no quote %s", tt.quote)
		}
		if got := s.SpeakerName(q); got != tt.speaker {
			t.Errorf("%s: speaker %q, want %q", tt.quote, got, tt.speaker)
		}
		if got := s.Attribution(q); got != tt.attribution {
			t.Errorf("%s: attribution %q, want %q", tt.quote, got, tt.attribution)
		}
	}
}
