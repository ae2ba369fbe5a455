"""AWS Signature Version 4 against AWS's published examples."""

import datetime as dt

from chuhai.media.engine import sigv4


def test_the_aws_test_suite_get_vanilla_vector():
    # aws-sig-v4-test-suite, get-vanilla: GET / on example.amazonaws.com, service "service"
    headers = sigv4.sign(method="GET", host="example.amazonaws.com", path="/", access_key="AKIDEXAMPLE",
                         secret_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region="us-east-1",
                         service="service", now=dt.datetime(2015, 8, 30, 12, 36, tzinfo=dt.UTC), s3=False)
    assert headers["authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, "
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    assert headers["x-amz-date"] == "20150830T123600Z"


def test_the_s3_documentation_get_object_example():
    # Amazon S3 API reference, "Signature Calculations for the Authorization Header", GET Object example
    headers = sigv4.sign(method="GET", host="examplebucket.s3.amazonaws.com", path="/test.txt",
                         headers={"range": "bytes=0-9", "x-amz-content-sha256": sigv4.EMPTY_SHA256},
                         access_key="AKIAIOSFODNN7EXAMPLE", secret_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                         region="us-east-1", now=dt.datetime(2013, 5, 24, tzinfo=dt.UTC))
    assert headers["authorization"].endswith(
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
