package bundle

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"io"
	"os"
)

// ZipSize returns the size of files zipped as the CDK zips assets (deflate,
// best compression), or an upper bound of it when even the uncompressed
// files fit within limit: there is no need to compress them then.
func ZipSize(files []File, limit int64) (int64, error) {
	var bound int64 = 22 // end of central directory
	for _, f := range files {
		size := int64(len(f.Data))
		if f.Path != "" {
			info, err := os.Stat(f.Path)
			if err != nil {
				return 0, err
			}
			size = info.Size()
		}
		// Deflate never grows data by more than a few bytes per block (1%
		// is ample), plus the local and central headers with the name.
		bound += size + size/100 + 30 + 46 + 2*int64(len(f.Rel)) + 64
	}
	if bound <= limit {
		return bound, nil
	}
	cw := &countingWriter{}
	zw := zip.NewWriter(cw)
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return flate.NewWriter(w, flate.BestCompression) })
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Rel, Method: zip.Deflate})
		if err != nil {
			return 0, err
		}
		if err := copyContent(w, f); err != nil {
			return 0, err
		}
	}
	if err := zw.Close(); err != nil {
		return 0, err
	}
	return cw.n, nil
}

func copyContent(w io.Writer, f File) error {
	if f.Path == "" {
		_, err := io.Copy(w, bytes.NewReader(f.Data))
		return err
	}
	in, err := os.Open(f.Path)
	if err != nil {
		return err
	}
	defer in.Close()
	_, err = io.Copy(w, in)
	return err
}

type countingWriter struct{ n int64 }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }
