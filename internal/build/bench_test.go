package build

import "testing"

// BenchmarkRender measures loading the embedded default and rendering it,
// the whole of `stackctl render` but process start-up.
func BenchmarkRender(b *testing.B) {
	for _, f := range []Format{YAML, JSON} {
		b.Run(string(f), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c, err := Load("", "")
				if err != nil {
					b.Fatal(err)
				}
				out, err := Render(c, f)
				if err != nil {
					b.Fatal(err)
				}
				b.SetBytes(int64(len(out)))
			}
		})
	}
}
