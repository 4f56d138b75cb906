# The guide's Python example, verbatim (Client Integration > Python).
# LocalStackIT substitutes only the URL and the token, then runs the guide's own commented usage lines.
import requests

def call_bedrock_api(prompt):
    api_endpoint = "https://your-api-gateway-url/prod/bedrock"
    auth_token = "your-customer-token-here"
    
    headers = {
        "Content-Type": "application/json",
        "Authorization": f"Bearer {auth_token}"
    }
    
    payload = {
        "modelId": "anthropic.claude-3-sonnet-20240229-v1:0",
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 1000,
        "messages": [
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": prompt
                    }
                ]
            }
        ]
    }
    
    response = requests.post(api_endpoint, headers=headers, json=payload)
    response.raise_for_status()  # Raise exception for 4XX/5XX responses
    
    return response.json()

# Example usage
# try:
#     result = call_bedrock_api("What is the capital of France?")
#     print(result)
# except Exception as e:
#     print(f"Error: {e}")
