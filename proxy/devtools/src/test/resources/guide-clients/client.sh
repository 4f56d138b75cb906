# The guide's cURL example, verbatim (Client Integration > cURL).
# LocalStackIT substitutes only the URL and the token.
curl -X POST https://your-api-gateway-url/prod/bedrock \
  -H "Content-Type: application/json" \
  -H "Authorization: Bearer your-customer-token-here" \
  -d '{
    "modelId": "anthropic.claude-3-sonnet-20240229-v1:0",
    "anthropic_version": "bedrock-2023-05-31",
    "max_tokens": 1000,
    "messages": [
      {
        "role": "user",
        "content": [
          {
            "type": "text", 
            "text": "What is the capital of France?"
          }
        ]
      }
    ]
  }'
