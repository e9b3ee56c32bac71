package dev.merc.core.pe;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.CollectionStore;
import org.junit.Test;

/** A PKCS#7 SignedData made here with BouncyCastle, stored as a WIN_CERTIFICATE after the sections. */
public class SignatureParserTest {
    private static final int SECURITY_ENTRY = PeBuilder.OPT + 96 + 8 * PeParser.DIR_SECURITY;

    /** RSA key generation is slow, so the tests share one signer. */
    private static final Signer SIGNER = Signer.create();

    /** A self-signed "CN=Merc Test" certificate and a SignedData over {@code content}, made here. */
    private static final class Signer {
        final X509CertificateHolder cert;
        final ContentSigner signer;

        Signer() throws Exception {
            KeyPair kp = KeyPairGenerator.getInstance("RSA").generateKeyPair();
            X500Name name = new X500Name("CN=Merc Test");
            Date from = new Date(1_700_000_000_000L);
            Date to = new Date(1_800_000_000_000L);
            signer = new JcaContentSignerBuilder("SHA256withRSA").build(kp.getPrivate());
            cert = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(0xABCDEF), from, to, name,
                    kp.getPublic()).build(signer);
        }

        static Signer create() {
            try {
                return new Signer();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] sign(CMSTypedData content) throws Exception {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build()).build(signer, cert));
            gen.addCertificates(new CollectionStore<>(List.of(cert)));
            return gen.generate(content, true).getEncoded();
        }
    }

    /** One WIN_CERTIFICATE (revision 0x200) holding {@code body}, padded to 8 bytes. */
    private static byte[] winCertificate(int type, byte[] body) {
        int length = 8 + body.length;
        ByteArrayOutputStream win = new ByteArrayOutputStream();
        win.writeBytes(new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16), 0, 0, 2,
            (byte) type, 0});
        win.writeBytes(body);
        while (win.size() % 8 != 0) {
            win.write(0);
        }
        return win.toByteArray();
    }

    /** The builder's file with {@code table} appended as its certificate table. */
    private static byte[] withCertificateTable(PeBuilder b, byte[] table) {
        int offset = b.b.length;
        b.append(table);
        b.dir(PeParser.DIR_SECURITY, offset, table.length);
        return b.build();
    }

    @Test
    public void certificatesAndAuthentihash() throws Exception {
        Signer signer = SIGNER;
        byte[] pkcs7 = signer.sign(new CMSProcessableByteArray(new byte[] {1, 2, 3}));
        PeBuilder b = PeBuilder.pe32();
        int offset = b.b.length;
        byte[] f = withCertificateTable(b, winCertificate(2, pkcs7));

        PeInfo.Signature sig = PeParser.parse(f, f.length, PeLimits.defaults()).signature();
        assertNotNull(sig);
        assertEquals(1, sig.certificates().size());
        PeInfo.Certificate c = sig.certificates().get(0);
        assertEquals("CN=Merc Test", c.subject());
        assertEquals("CN=Merc Test", c.issuer());
        assertEquals("abcdef", c.serial());
        assertEquals("2023-11-14T22:13:20Z", c.notBefore());
        assertEquals(Text.hex(MessageDigest.getInstance("SHA-256").digest(signer.cert.getEncoded())), c.sha256());

        // Authenticode hash: everything except CheckSum, the security entry and the certificate table.
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(f, 0, PeBuilder.OPT + 0x40);
        md.update(f, PeBuilder.OPT + 0x44, SECURITY_ENTRY - (PeBuilder.OPT + 0x44));
        md.update(f, SECURITY_ENTRY + 8, offset - (SECURITY_ENTRY + 8));
        assertEquals(Text.hex(md.digest()), sig.authentihashSha256());
    }

    /**
     * 64 eight-byte X.509-type entries, then a real PKCS#7 one: the entry cap stops the walk before it.
     * With a cap of 65 the same table yields the certificate, so it is the cap that cut.
     */
    @Test
    public void certificateEntriesAreCapped() throws Exception {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        for (int i = 0; i < 64; i++) {
            table.writeBytes(winCertificate(1, new byte[0]));
        }
        table.writeBytes(winCertificate(2, SIGNER.sign(new CMSProcessableByteArray(new byte[] {1}))));
        byte[] f = withCertificateTable(PeBuilder.pe32(), table.toByteArray());

        PeInfo capped = PeParser.parse(f, f.length, PeLimits.defaults());
        assertEquals(64, PeLimits.defaults().maxCertificateEntries());
        assertTrue(capped.anomalies().toString(), capped.anomalies().contains(Anomaly.SIGNATURE_ENTRIES_CAPPED));
        assertTrue(capped.signature().certificates().isEmpty());

        PeInfo full = PeParser.parse(f, f.length, TestLimits.with("maxCertificateEntries", 65));
        assertEquals(1, full.signature().certificates().size());
        assertFalse(full.anomalies().contains(Anomaly.SIGNATURE_ENTRIES_CAPPED));
    }

    @Test
    public void garbageCertificateTable() {
        PeBuilder b = PeBuilder.pe32();
        int offset = b.b.length;
        byte[] junk = new byte[64];
        junk[0] = 64;
        junk[6] = 2;
        for (int i = 8; i < 64; i++) {
            junk[i] = (byte) (0x30 + i);
        }
        b.append(junk).dir(PeParser.DIR_SECURITY, offset, 64);
        byte[] f = b.build();
        PeInfo pe = PeParser.parse(f, f.length, PeLimits.defaults());
        assertTrue(pe.signature().certificates().isEmpty());
        assertTrue(pe.anomalies().contains(Anomaly.SIGNATURE_UNPARSEABLE));
    }
}
