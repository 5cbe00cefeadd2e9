//! Repair of legacy Vietnamese encodings (TCVN3/ABC, VNI, VIQR, Windows-1258, VISCII)
//! and of UTF-8 misread as Windows-1252.
